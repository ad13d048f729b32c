// The page's Python: Pyodide and clustercheck, in a worker made from the page itself, so
// that the page never freezes. Everything it loads comes from the page in the first message
// (no request leaves the page); then each message is one job, answered with its result.
"use strict";

const EMBEDDED = "https://clustercheck.invalid/"; // a name only: answered below, never fetched
let pyodide = null;
let glue = null;
let run = 0;

const say = (message, transfer = []) => self.postMessage(message, transfer);

function fromBase64(text) {
  if (Uint8Array.fromBase64) return Uint8Array.fromBase64(text); // native, where the browser has it
  const raw = atob(text);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

async function gunzip(text) {
  const stream = new Blob([fromBase64(text)]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function moduleURL(bytes) {
  return URL.createObjectURL(new Blob([bytes], { type: "text/javascript" }));
}

async function start(assets, wheels) {
  const total = 4 + wheels.length;
  let done = 0;
  const step = (what) => say({ type: "progress", stage: "loading", what, done: ++done, total, ms: Math.round(performance.now()) });
  const files = {};
  await Promise.all(Object.entries(assets).map(async ([name, text]) => {
    files[name] = await gunzip(text);
  }));
  step("unpacked");
  // Pyodide asks for its wasm and its standard library by URL: answered from the page.
  const realFetch = self.fetch;
  self.fetch = async (url, options) => {
    const name = String(url instanceof Request ? url.url : url);
    if (name.startsWith(EMBEDDED) && files[name.slice(EMBEDDED.length)]) {
      const type = name.endsWith(".wasm") ? "application/wasm" : "application/octet-stream";
      return new Response(files[name.slice(EMBEDDED.length)], { headers: { "Content-Type": type } });
    }
    return realFetch(url, options);
  };
  const { loadPyodide } = await import(moduleURL(files["pyodide.mjs"]));
  const createPyodideModule = (await import(moduleURL(files["pyodide.asm.mjs"]))).default;
  step("scripts");
  pyodide = await loadPyodide({
    indexURL: EMBEDDED,
    stdLibURL: EMBEDDED + "python_stdlib.zip",
    lockFileContents: new TextDecoder().decode(files["pyodide-lock.json"]),
    packageBaseUrl: EMBEDDED,
    createPyodideModule,
  });
  step("python");
  // Into site-packages (the pure wheels precompiled in one zip, others as wheels): by default
  // they would go to the working directory, which each job changes.
  const site = pyodide.runPython("import sysconfig; sysconfig.get_path('purelib')");
  for (const name of wheels) {
    pyodide.unpackArchive(files[name], name.endsWith(".zip") ? "zip" : "wheel", { extractDir: site });
    step(name);
  }
  pyodide.FS.writeFile(`${site}/clustercheck_page.py`, files["glue.py"]);
  // The import system caches what site-packages held at start; the wheels came after.
  pyodide.runPython("import importlib; importlib.invalidate_caches()");
  glue = pyodide.pyimport("clustercheck_page");
  const info = JSON.parse(glue.info());
  step("clustercheck");
  return info;
}

// The files of one job, written under a fresh folder made the working directory, so that
// errors name them as the reviewer sees them (a folder's files under the folder's name).
async function place(files) {
  run += 1;
  const root = `/home/pyodide/in/${run}`;
  pyodide.FS.mkdirTree(root);
  const top = [];
  for (const { path, file } of files) {
    const parts = path.split("/").filter((p) => p && p !== "." && p !== "..");
    if (!parts.length) continue;
    if (parts.length > 1) pyodide.FS.mkdirTree(`${root}/${parts.slice(0, -1).join("/")}`);
    pyodide.FS.writeFile(`${root}/${parts.join("/")}`, new Uint8Array(await file.arrayBuffer()));
    if (!top.includes(parts[0])) top.push(parts[0]);
  }
  pyodide.FS.chdir(root);
  return top;
}

function forget() {
  // The previous job's inputs are not kept: memory matters with a large roster.
  pyodide.runPython(
    "import os, shutil\nos.chdir('/home/pyodide')\nshutil.rmtree('/home/pyodide/in', ignore_errors=True)"
  );
}

function progress() {
  let last = 0;
  return (stage, done, total) => {
    const now = performance.now();
    if (now - last < 100 && done !== total) return;
    last = now;
    say({ type: "progress", stage, done, total: total ?? null });
  };
}

// A file Python wrote, as a Blob made here: the page gets a handle and never copies the
// bytes of a large review on its own thread.
function blobOf(path, type) {
  return new Blob([pyodide.FS.readFile(path)], type ? { type } : {});
}

// The files a job wrote, handed to the page as Blobs, then deleted; the HTML already shown is
// not sent twice.
function answer(id, text, shown) {
  const result = JSON.parse(text);
  const downloads = {};
  for (const [fmt, path] of Object.entries(result.files)) {
    const name = path.split("/").pop();
    const type = fmt === "html" ? "text/html;charset=utf-8" : "";
    downloads[fmt] = path === shown ? { name, shown: true } : { name, blob: blobOf(path, type) };
    pyodide.FS.unlink(path);
  }
  say({ type: "result", id, errors: result.errors, notes: result.notes, downloads });
}

self.onmessage = async ({ data }) => {
  try {
    if (data.type === "start") {
      say({ type: "ready", info: await start(data.assets, data.wheels) });
      return;
    }
    forget();
    if (data.type === "review") {
      const paths = await place(data.files);
      let shown = null;
      const show = (path) => {
        say({ type: "shown", id: data.id, html: blobOf(path, "text/html;charset=utf-8") });
        shown = path;
      };
      const text = glue.review_files(paths, data.packs, data.lang, progress(), show);
      answer(data.id, text, shown);
    } else if (data.type === "recheck") {
      const [registry, ...paths] = await place([data.registry, ...data.files]);
      answer(data.id, glue.recheck_files(registry, paths, data.year, data.lang, data.record, progress()), null);
    } else if (data.type === "template") {
      const files = JSON.parse(glue.template(data.packs, data.lang));
      answer(data.id, JSON.stringify({ files, errors: [], notes: [] }), null);
    }
  } catch (error) {
    say({ type: "fatal", id: data.id, message: String(error && error.message || error) });
  }
};
