// The form beside the live preview. Every change sends the form's fields to the server,
// which builds the real pack and answers with its pages and verify's findings, or with the
// problem and the field it concerns. No library and nothing from another site.
"use strict";

const $ = (id) => document.getElementById(id);
const state = { logo: null, sequence: 0, timer: null, colourTimer: null };
const COLOURS = {
  primary: "Headline band and featured number",
  accent: "Your local service's zone",
  emergency: "Emergency box",
  text: "Text",
  background: "Background",
};
const PLAIN = {
  "pages": "page count", "page size": "page size", "page boxes": "trim and bleed boxes",
  "fonts embedded": "fonts embedded", "print scaling": "printed at actual size", "positions": "cards and labels in place",
  "type size": "text large enough", "safe area": "text clear of the edges", "text overlap": "no text overlaps",
  "qr scans": "QR code scans", "qr module": "QR code large enough", "qr quiet zone": "clear space round QR code",
  "qr photo": "QR code scans from a phone", "qr unexpected": "no unexpected QR code", "number printed": "every number printed whole",
  "readable": "file readable", "exists": "file present",
};

async function post(path, body) {
  const response = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  return response;
}

function say(text) { $("status").textContent = text; }

function collect() {
  const local = {};
  document.querySelectorAll("[data-local]").forEach((input) => { local[input.dataset.local] = input.value; });
  const colours = {};
  Object.keys(COLOURS).forEach((key) => { colours[key] = $(`colour-${key}`).value; });
  return {
    organisation: $("organisation").value, contact: $("contact").value,
    headline: $("headline").value, strapline: $("strapline").value,
    language: $("language").value,
    services: [...document.querySelectorAll("#services li")].filter((li) => li.querySelector("input").checked)
      .map((li) => li.dataset.id),
    local, colours,
    poster: $("poster").checked, wallet_card: $("wallet_card").checked, card_front: $("card_front").value,
    sticker: $("sticker").checked, sheet: $("sheet").value, sticker_wording: $("sticker_wording").value,
    large_print: $("large_print").checked, large_print_pt: parseInt($("large_print_pt").value, 10) || 18,
    logo: state.logo,
  };
}

// -- errors next to their field ---------------------------------------------------------------
function clearErrors() {
  document.querySelectorAll("p.error[id^=err-]").forEach((node) => node.remove());
  document.querySelectorAll("[aria-invalid]").forEach((node) => {
    node.removeAttribute("aria-invalid");
    node.setAttribute("aria-describedby", (node.getAttribute("aria-describedby") || "").replace(/\s*err-\S+/g, "").trim());
  });
}

function fieldFor(name) {
  // The field itself, or the nearest one above it ("services.listed[2]" -> "services.listed").
  let path = name || "";
  while (path) {
    const node = document.querySelector(`[data-field="${CSS.escape(path)}"]`);
    if (node) return node;
    path = path.includes("[") && path.lastIndexOf("[") > path.lastIndexOf(".")
      ? path.slice(0, path.lastIndexOf("[")) : path.slice(0, Math.max(path.lastIndexOf("."), 0));
  }
  return null;
}

function showError(error) {
  const node = fieldFor(error.field);
  const stale = document.createElement("p");
  stale.className = "bad";
  stale.textContent = "Not updated: fix the problem on the left. The pages below are from the last change that built.";
  $("checks").replaceChildren(stale);
  if (node && error.field.startsWith("colours.")) {
    // The colour's own contrast result, beside it, already says what is wrong and offers a fix.
    node.setAttribute("aria-invalid", "true");
    say(`Not built: ${error.message}`);
    return;
  }
  const message = document.createElement("p");
  message.className = "error";
  message.id = `err-${Math.random().toString(36).slice(2)}`;
  message.textContent = node ? error.message : error.line;
  if (node) {
    node.setAttribute("aria-invalid", "true");
    node.setAttribute("aria-describedby", `${node.getAttribute("aria-describedby") || ""} ${message.id}`.trim());
    (node.tagName === "FIELDSET" ? node.querySelector("legend") : node).after(message);
  } else {
    $("status").after(message);
  }
  say(`Not built: ${node ? error.message : error.line}`);
}

// -- the preview --------------------------------------------------------------------------------
function schedule() {
  clearTimeout(state.timer);
  state.timer = setTimeout(preview, 350);
}

async function preview() {
  const sequence = ++state.sequence;
  document.body.classList.add("busy");
  say("Building the preview...");
  let answer;
  try {
    answer = await (await post("/api/preview", collect())).json();
  } catch (error) {
    answer = { error: { field: null, message: "The page could not reach helpline-pack; is it still running?", line: "The page could not reach helpline-pack; is it still running?" } };
  }
  if (sequence !== state.sequence) return;     // a newer change is on its way
  document.body.classList.remove("busy");
  clearErrors();
  if (answer.error) { showError(answer.error); return; }
  showPages(answer.previews);
  showChecks(answer.findings, answer.warnings);
}

function showPages(previews) {
  const pages = $("pages");
  pages.replaceChildren(...previews.map((page) => {
    const figure = document.createElement("figure");
    const image = document.createElement("img");
    const caption = document.createElement("figcaption");
    const [file, number] = [page.name.replace(/-(\d+)$/, ""), page.name.match(/-(\d+)$/)?.[1]];
    image.src = page.src;
    image.alt = `Preview of ${file}.pdf, page ${number}`;
    caption.textContent = `${file}.pdf, page ${number}`;
    figure.append(image, caption);
    return figure;
  }));
}

function showChecks(findings, warnings) {
  const failed = findings.filter((finding) => !finding.ok);
  const box = $("checks");
  const summary = document.createElement("p");
  summary.className = failed.length ? "bad" : "ok";
  summary.textContent = failed.length
    ? `${failed.length} problem${failed.length > 1 ? "s" : ""} found: do not print until they are fixed.`
    : `All ${findings.length} checks passed: sizes, fonts, QR codes scanned from a simulated phone photo, every number read back.`;
  const list = document.createElement("ul");
  failed.forEach((finding) => {
    const item = document.createElement("li");
    item.textContent = `${finding.file}: ${PLAIN[finding.check] || finding.check}: ${finding.figure}`;
    list.append(item);
  });
  warnings.filter((w) => !w.includes("data/")).forEach((warning) => {
    const item = document.createElement("li");
    item.textContent = warning.replace(/^warning: [^ ]*: /, "");
    list.append(item);
  });
  box.replaceChildren(summary, ...(list.children.length ? [list] : []));
  say(failed.length ? "Preview built, with problems." : "Preview up to date.");
}

// -- colours, checked as they are picked --------------------------------------------------------
function colourRow(key, value) {
  const row = document.createElement("div");
  row.className = "colour";
  row.innerHTML = `<label for="colour-${key}">${COLOURS[key]}</label>
    <input type="color" id="colour-${key}-picker" aria-label="${COLOURS[key]}: pick" tabindex="-1">
    <input id="colour-${key}" data-field="colours.${key}" maxlength="7" spellcheck="false">
    <p class="result" id="colour-${key}-result" aria-live="polite"></p>`;
  const text = row.querySelector(`#colour-${key}`);
  const picker = row.querySelector(`#colour-${key}-picker`);
  text.value = value;
  picker.value = value.toLowerCase();
  picker.addEventListener("input", () => { text.value = picker.value.toUpperCase(); checkColours(); schedule(); });
  text.addEventListener("input", () => {
    if (/^#[0-9a-fA-F]{6}$/.test(text.value)) { picker.value = text.value.toLowerCase(); schedule(); }
    checkColours();
  });
  return row;
}

function checkColours() {
  clearTimeout(state.colourTimer);
  state.colourTimer = setTimeout(async () => {
    const colours = collect().colours;
    const answer = await (await post("/api/colours", { colours })).json();
    Object.keys(COLOURS).forEach((key) => { $(`colour-${key}-result`).replaceChildren(); $(`colour-${key}`).removeAttribute("aria-invalid"); });
    if (answer.error) { $(`colour-${answer.error.field.split(".")[1]}-result`).textContent = answer.error.message; return; }
    const worst = {};
    answer.colours.forEach((pair) => { if (!worst[pair.colour] || pair.ratio < worst[pair.colour].ratio) worst[pair.colour] = pair; });
    $("colour-background-result").className = "result";
    $("colour-background-result").textContent = "Every colour above is checked against it.";
    Object.entries(worst).forEach(([key, pair]) => {
      const result = $(`colour-${key}-result`);
      if (pair.ok) {
        result.className = "result ok";
        result.textContent = `Contrast ${pair.ratio.toFixed(1)}:1, passes (needs ${pair.needed}:1).`;
        return;
      }
      result.className = "result bad";
      $(`colour-${key}`).setAttribute("aria-invalid", "true");
      result.textContent = `Contrast ${pair.ratio.toFixed(1)}:1 with ${pair.what}; text needs ${pair.needed}:1. `;
      const use = document.createElement("button");
      use.type = "button";
      use.className = "quiet";
      use.textContent = `Use ${pair.suggestion} instead`;
      use.addEventListener("click", () => {
        $(`colour-${key}`).value = pair.suggestion;
        $(`colour-${key}-picker`).value = pair.suggestion.toLowerCase();
        checkColours(); schedule();
        $(`colour-${key}`).focus();
      });
      result.append(use);
    });
  }, 150);
}

// -- services: chosen and ordered ---------------------------------------------------------------
function serviceItem(service, chosen) {
  const item = document.createElement("li");
  item.dataset.id = service.id;
  item.innerHTML = `<div class="row"><input type="checkbox" id="svc-${service.id}">
    <label for="svc-${service.id}"></label>
    <button type="button" class="quiet up">Up</button><button type="button" class="quiet down">Down</button></div>`;
  item.querySelector("label").textContent = `${service.name} (for ${service.for})`;
  item.querySelector("input").checked = chosen;
  item.querySelector(".up").setAttribute("aria-label", `Move ${service.name} up`);
  item.querySelector(".down").setAttribute("aria-label", `Move ${service.name} down`);
  item.querySelector(".up").addEventListener("click", (event) => {
    if (item.previousElementSibling) { item.previousElementSibling.before(item); event.target.focus(); schedule(); }
  });
  item.querySelector(".down").addEventListener("click", (event) => {
    if (item.nextElementSibling) { item.nextElementSibling.after(item); event.target.focus(); schedule(); }
  });
  return item;
}

function fill(fields, services) {
  $("organisation").value = fields.organisation; $("contact").value = fields.contact;
  $("headline").value = fields.headline; $("strapline").value = fields.strapline;
  $("language").value = fields.language;
  document.querySelectorAll("[data-local]").forEach((input) => { input.value = fields.local[input.dataset.local] || ""; });
  ["poster", "wallet_card", "sticker", "large_print"].forEach((key) => { $(key).checked = fields[key]; });
  $("card_front").value = fields.card_front; $("sheet").value = fields.sheet;
  $("sticker_wording").value = fields.sticker_wording; $("large_print_pt").value = fields.large_print_pt;
  const byId = Object.fromEntries(services.map((service) => [service.id, service]));
  const order = [...fields.services.filter((id) => byId[id]), ...services.map((s) => s.id).filter((id) => !fields.services.includes(id))];
  $("services").replaceChildren(...order.map((id) => serviceItem(byId[id], fields.services.includes(id))));
  $("colours").replaceChildren(...Object.keys(COLOURS).map((key) => colourRow(key, fields.colours[key] || "#000000")));
}

// -- files in and out ---------------------------------------------------------------------------
function readLogo(file) {
  clearErrors();
  if (file.size > 5 * 1024 * 1024) {
    showError({ field: "branding.logo", message: `${file.name} is ${(file.size / 1e6).toFixed(1)} MB; a logo must be under 5 MB.` });
    $("logo").value = "";
    return;
  }
  const reader = new FileReader();
  reader.addEventListener("load", () => {
    state.logo = { name: file.name, data: reader.result.split(",", 2)[1] || "" };
    $("logo-clear").hidden = false;
    preview();
  });
  reader.readAsDataURL(file);
}

async function download(path, name) {
  say("Building your pack...");
  const response = await post(path, collect());
  if (!response.ok || response.headers.get("Content-Type").startsWith("application/json")) {
    clearErrors();
    showError((await response.json()).error);
    return;
  }
  const link = document.createElement("a");
  link.href = URL.createObjectURL(await response.blob());
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  say(`${name} is ready.`);
}

async function start() {
  const options = await (await fetch("/api/options")).json();
  $("sheet").replaceChildren(...options.sheets.map((sheet) => new Option(`${sheet.name} (${sheet.code})`, sheet.code)));
  const languages = options.languages.map((l) => new Option(l.code === "en" ? l.name : `${l.name} (${l.name_en}, draft translation)`, l.code));
  languages.push(new Option("Cymraeg and English, side by side (bilingual)", "cy en"));
  $("language").replaceChildren(...languages);
  fill(options.defaults, options.services);
  $("pack").addEventListener("input", (event) => { if (!event.target.matches("[type=file], [id^=colour-]")) schedule(); });
  $("pack").addEventListener("change", (event) => { if (!event.target.matches("[type=file], [type=text], input:not([type]), [id^=colour-]")) schedule(); });
  $("logo").addEventListener("change", () => { if ($("logo").files[0]) readLogo($("logo").files[0]); });
  $("logo-clear").addEventListener("click", () => { state.logo = null; $("logo").value = ""; $("logo-clear").hidden = true; $("logo").focus(); schedule(); });
  $("download").addEventListener("click", () => download("/api/download", "helpline-pack.zip"));
  $("download-yaml").addEventListener("click", () => download("/api/pack.yaml", "pack.yaml"));
  $("upload-yaml").addEventListener("change", async () => {
    const file = $("upload-yaml").files[0];
    if (!file) return;
    const answer = await (await post("/api/load", { yaml: await file.text() })).json();
    clearErrors();
    if (answer.error) { showError({ ...answer.error, field: "pack.yaml", message: answer.error.line }); return; }
    fill(answer.fields, options.services);
    say(answer.fields.names_logo ? "Pack loaded. It names a logo: choose the logo file again above." : "Pack loaded.");
    checkColours();
    preview();
  });
  checkColours();
  preview();
}

start();
