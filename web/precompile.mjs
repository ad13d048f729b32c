// Compiles the page's pure-Python wheels to bytecode once, at build time, with the page's own
// Python (Pyodide 314 in Node), so the browser imports them without compiling each module on
// every opening (about two seconds saved before the page is ready). The wheels' files, each
// module as its .pyc in place of its source, go into one zip archive.
//
//     node web/precompile.mjs PYODIDE_DIR WHEELS_DIR OUTPUT_ZIP
import fs from "node:fs";
import path from "node:path";

const [pyodideDir, wheelsDir, output] = process.argv.slice(2);
const { loadPyodide } = await import(path.resolve(pyodideDir, "pyodide.mjs"));
const py = await loadPyodide({ indexURL: path.resolve(pyodideDir) + "/" });
const site = "/precompiled";
py.FS.mkdirTree(site);
for (const name of fs.readdirSync(wheelsDir).sort()) {
  if (!name.endsWith("-none-any.whl")) continue; // a wheel with compiled code stays a wheel
  py.unpackArchive(new Uint8Array(fs.readFileSync(path.join(wheelsDir, name))), "wheel", { extractDir: site });
}
py.runPython(`
import os, py_compile, zipfile
site = "${site}"
# Each module's bytecode in place of its source (wcwidth's large tables, which the page never
# imports, stay source): the page weighs less, and tracebacks show no source lines.
for folder, folders, files in os.walk(site):
    if os.path.relpath(folder, site).split(os.sep)[0] == "wcwidth":
        continue
    for name in files:
        if name.endswith(".py"):
            source = os.path.join(folder, name)
            py_compile.compile(source, cfile=source + "c", doraise=True,
                invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
            os.remove(source)
with zipfile.ZipFile("/precompiled.zip", "w", zipfile.ZIP_STORED) as archive:
    for folder, folders, files in os.walk(site):
        folders.sort()
        for name in sorted(files):
            full = os.path.join(folder, name)
            entry = zipfile.ZipInfo(os.path.relpath(full, site), date_time=(2020, 1, 1, 0, 0, 0))
            with open(full, "rb") as handle:
                archive.writestr(entry, handle.read())
`);
fs.writeFileSync(output, py.FS.readFile("/precompiled.zip"));
console.log(`${output}: ${(fs.statSync(output).size / 1024 / 1024).toFixed(1)} MiB, compiled`);
