// The page: it takes the reviewer's files and choices, hands them to the worker (Python), and
// shows what comes back. It computes nothing itself; the results are the library's.
"use strict";

const $ = (id) => document.getElementById(id);
const WORDS = {
  zh: {
    title: "产业集群评审", choose: "选择材料", files: "文件（可多选）", folder: "文件夹",
    drop: "把申报表、名册、汇总表或整个文件夹拖到这里。文件不会离开这台电脑。",
    packs: "规则包", provincial: "省级（豫工信企业〔2014〕196号）", national: "国家级（工信部企业〔2022〕119号）",
    both: "两者对照", lang: "语言 Language", run: "核查", template: "下载空白申报表",
    recheck: "两年一次的复核", registry: "集群名册（registry.toml）", data: "本年数据（文件夹）",
    datafiles: "或数据文件", year: "年度", record: "记入名册（下载更新后的名册）", "recheck-run": "复核",
    problems: "未能读取", result: "结果", private: "本页在浏览器内运行 clustercheck，不联网，不上传任何文件。",
    loading: "正在载入……", ready: "就绪", working: "正在核查……", bytes: "已读取 {p}%", clusters: "已读取 {n} 个集群",
    sheets: "正在写入工作表 {n}/{t}", writing: "正在生成下载文件……", version: "clustercheck {v} · 规则包：{p} · 构建于 {d}", print: "打印（在新标签页中打开）",
    download: "下载：", none: "没有可核查的集群。", failed: "载入失败：", chosen: "已选择 {n} 个文件",
  },
  en: {
    title: "Cluster review", choose: "Choose the files", files: "Files", folder: "Folder",
    drop: "Drop forms, rosters, summary tables or a whole folder here. Files never leave this computer.",
    packs: "Rule packs", provincial: "Provincial (豫工信企业〔2014〕196号)", national: "National (工信部企业〔2022〕119号)",
    both: "Both, side by side", lang: "语言 Language", run: "Review", template: "Download the blank form",
    recheck: "Biennial re-verification", registry: "Registry (registry.toml)", data: "This year's data (folder)",
    datafiles: "or data files", year: "Year", record: "Record the round (download the updated registry)",
    "recheck-run": "Re-verify", problems: "Not read", result: "Result",
    private: "This page runs clustercheck inside the browser: no network, nothing uploaded.",
    loading: "Loading…", ready: "Ready", working: "Working…", bytes: "{p}% read", clusters: "{n} clusters read",
    sheets: "Writing sheet {n}/{t}", writing: "Making the downloads…", version: "clustercheck {v} · packs: {p} · built {d}", print: "Print (opens in a new tab)",
    download: "Download: ", none: "No cluster to review.", failed: "Failed to load: ", chosen: "{n} files chosen",
  },
};

let info = null;
let chosen = [];
let jobs = 0;
let lastJob = null;
let busy = false;
let started = 0; // when the running job was posted (performance.now())
let shownJob = 0; // the job whose review the frame shows
let shownURL = null; // and the review's HTML, as the frame, the print tab and the download have it
const waiting = []; // jobs asked for while another runs (or Python loads); one review at most
const links = [];

const lang = () => document.querySelector("input[name=lang]:checked").value;
const packs = () => document.querySelector("input[name=packs]:checked").value.split(",");
const say = (key, args = {}) =>
  WORDS[lang()][key].replace(/\{(\w)\}/g, (_, k) => String(args[k] ?? ""));

function setState(state) {
  document.documentElement.dataset.state = state;
  const busy = state === "loading" || state === "working";
  for (const id of ["run", "template", "recheck-run"]) $(id).disabled = busy || !info;
  if (state === "ready" || state === "error") {
    $("bar").max = 1;
    $("bar").value = state === "ready" ? 1 : 0;
  }
}

function status(text, done, total) {
  $("status-text").textContent = text;
  if (done == null || !total) $("bar").removeAttribute("value");
  else { $("bar").max = total; $("bar").value = done; }
}

function translate() {
  document.documentElement.lang = lang() === "zh" ? "zh-CN" : "en";
  for (const el of document.querySelectorAll("[data-t]")) el.textContent = say(el.dataset.t);
  showAbout();
}

function showAbout() {
  const built = document.querySelector("meta[name=build-date]").content;
  if (!info) return;
  const names = info.packs.map((p) => `${p.id}（${p.document}）`).join("、");
  $("about").textContent = say("version", { v: info.version, p: names, d: built });
}

// ---- starting the worker from the page's own code and assets -------------------------
function startWorker() {
  const source = $("worker-source").textContent;
  const worker = new Worker(URL.createObjectURL(new Blob([source], { type: "text/javascript" })));
  const assets = {};
  const wheels = [];
  for (const el of document.querySelectorAll("script[data-asset]")) {
    assets[el.dataset.asset] = el.textContent;
    if (/\.(whl|zip)$/.test(el.dataset.asset) && el.dataset.asset !== "python_stdlib.zip") wheels.push(el.dataset.asset);
  }
  worker.onmessage = ({ data }) => receive(data);
  worker.onerror = (event) => fail(event.message || String(event));
  worker.postMessage({ type: "start", assets, wheels });
  return worker;
}

function fail(message) {
  status(say("failed") + message);
  setState("error");
}

function receive(data) {
  if (data.type === "progress") {
    if (data.stage === "loading") {
      status(say("loading"), data.done, data.total);
      const root = document.documentElement;
      root.dataset.loadSteps = `${root.dataset.loadSteps || ""} ${data.what}:${data.ms}`.trim();
    }
    else if (data.stage === "bytes") status(say("bytes", { p: Math.floor((100 * data.done) / Math.max(data.total, 1)) }), data.done, data.total);
    else if (data.stage === "sheets") status(say("sheets", { n: data.done, t: data.total }), data.done, data.total);
    else status(say("clusters", { n: data.done }));
  } else if (data.type === "ready") {
    info = data.info;
    document.documentElement.dataset.readyMs = String(Math.round(performance.now()));
    showAbout();
    status(say("ready"));
    setState("ready");
    next();
  } else if (data.type === "shown") {
    document.documentElement.dataset.shownMs = String(Math.round(performance.now() - started));
    clearLinks();
    $("downloads").replaceChildren();
    display(data.html);
    shownJob = data.id;
    status(say("writing"));
  } else if (data.type === "result") {
    document.documentElement.dataset.jobMs = String(Math.round(performance.now() - started));
    busy = false;
    document.documentElement.dataset.done = String(data.id);
    show(data);
    next();
  } else if (data.type === "fatal") {
    busy = false;
    if (data.id) document.documentElement.dataset.done = String(data.id);
    fail(data.message);
    if (info) next();
  }
}

function next() {
  if (waiting.length) post(waiting.shift());
}

const worker = startWorker();

// ---- jobs -------------------------------------------------------------------------------
function post(job) {
  if (busy || !info) {
    if (job.type === "review") waiting.splice(0, waiting.length, ...waiting.filter((j) => j.type !== "review"));
    waiting.push(job);
    return;
  }
  busy = true;
  started = performance.now();
  document.documentElement.dataset.startedMs = String(Math.round(started));
  job.id = ++jobs;
  job.lang = lang();
  lastJob = job.type;
  setState("working");
  status(say("working"));
  worker.postMessage(job);
}

function review() {
  if (chosen.length) post({ type: "review", files: chosen, packs: packs() });
}

function recheck() {
  const registry = $("registry").files[0];
  const year = Number($("year").value);
  if (!registry || !Number.isInteger(year) || !$("year").value) return;
  const files = [...fromInput($("recheck-data")), ...fromInput($("recheck-files"))];
  post({ type: "recheck", registry: { path: registry.name, file: registry }, files, year, record: $("record").checked });
}

function clearLinks() {
  for (const url of links.splice(0)) URL.revokeObjectURL(url);
}

function blobURL(blob) {
  const url = URL.createObjectURL(blob);
  links.push(url);
  return url;
}

function link(name, blob, label, url) {
  const a = document.createElement("a");
  a.href = url || blobURL(blob);
  a.download = name;
  a.textContent = label || name;
  a.dataset.format = name.split(".").pop();
  return a;
}

// The review in a frame of its own: its styles and its A4 print layout stay its own. The frame
// is sandboxed (no scripts, an origin of its own) and loads the HTML from the worker's Blob, so
// the browser parses and lays a large review out in another process while the page stays
// responsive, and the page's thread never touches the HTML's bytes.
function display(blob) {
  shownURL = blobURL(blob);
  $("review").src = shownURL;
  $("out").hidden = false;
}

function show(result) {
  const { errors, notes, downloads } = result;
  if (lastJob === "template") {
    const file = downloads.xlsx;
    const old = $("template-link");
    if (old) URL.revokeObjectURL(old.href);
    const a = document.createElement("a");
    a.href = URL.createObjectURL(file.blob);
    a.download = a.textContent = file.name;
    a.id = "template-link";
    $("template-out").replaceChildren(a);
    a.click();
    status(say("ready"));
    setState("ready");
    return;
  }
  const html = downloads.html;
  if (shownJob !== result.id) {
    clearLinks();
    shownURL = null;
    if (html) display(html.blob);
  }
  $("errors").replaceChildren(...errors.map((e) => {
    const li = document.createElement("li");
    li.dataset.errorCode = e.code;
    li.dataset.file = e.file;
    li.textContent = e.message;
    return li;
  }));
  $("notes").replaceChildren(...notes.map((n) => {
    const li = document.createElement("li");
    li.textContent = n;
    return li;
  }));
  $("problems").hidden = !errors.length && !notes.length;
  $("downloads").replaceChildren();
  if (html) {
    $("downloads").append(say("download"));
    for (const fmt of ["xlsx", "csv", "json", "html", "registry"]) {
      const file = downloads[fmt];
      if (file) $("downloads").append(link(file.name, file.blob, null, fmt === "html" ? shownURL : null), " ");
    }
    // Printing: the review opened alone in a tab prints exactly as the HTML review prints.
    const print = link(html.name, null, say("print"), shownURL);
    print.removeAttribute("download");
    print.target = "_blank";
    print.id = "print";
    $("downloads").append(print);
    $("out").dataset.kind = lastJob;
  } else {
    $("review").removeAttribute("src");
    $("out").hidden = true;
    if (!errors.length) status(say("none"));
  }
  if (html || errors.length) status(say("ready"));
  setState("ready");
}

// ---- input --------------------------------------------------------------------------------
function fromInput(input) {
  return [...input.files].map((file) => ({ path: file.webkitRelativePath || file.name, file }));
}

function choose(files) {
  chosen = files;
  status(say("chosen", { n: files.length }));
  review();
}

async function entries(entry, prefix) {
  if (entry.isFile) {
    const file = await new Promise((ok, no) => entry.file(ok, no));
    return [{ path: prefix + entry.name, file }];
  }
  const reader = entry.createReader();
  const found = [];
  for (;;) {
    const batch = await new Promise((ok, no) => reader.readEntries(ok, no));
    if (!batch.length) break;
    for (const child of batch) found.push(...(await entries(child, prefix + entry.name + "/")));
  }
  return found;
}

$("files").addEventListener("change", () => choose(fromInput($("files"))));
$("folder").addEventListener("change", () => choose(fromInput($("folder"))));
$("run").addEventListener("click", review);
$("recheck-run").addEventListener("click", recheck);
$("template").addEventListener("click", () => post({ type: "template", packs: packs() }));
for (const input of document.querySelectorAll("input[name=packs]")) input.addEventListener("change", review);
for (const input of document.querySelectorAll("input[name=lang]")) {
  input.addEventListener("change", () => { translate(); review(); });
}
const drop = $("drop");
drop.addEventListener("dragover", (event) => { event.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", async (event) => {
  event.preventDefault();
  drop.classList.remove("over");
  const items = [...event.dataTransfer.items].map((i) => i.webkitGetAsEntry && i.webkitGetAsEntry());
  const files = [];
  if (items.length && items.every(Boolean)) {
    for (const entry of items) files.push(...(await entries(entry, "")));
  } else {
    files.push(...[...event.dataTransfer.files].map((file) => ({ path: file.name, file })));
  }
  choose(files);
});
drop.addEventListener("keydown", (event) => {
  if (event.key === "Enter" || event.key === " ") { event.preventDefault(); $("files").click(); }
});
$("year").value = String(new Date().getFullYear());
$("built").textContent = document.querySelector("meta[name=build-date]").content;
translate();
