// The form beside the live preview. A change sends the form's fields to the server twice:
// first for the product being edited, whose first page comes back as an image to fetch;
// then for the whole pack, built and verified as the command line would, whose pages,
// findings and warnings follow. A problem comes back with the field it concerns.
// No library and nothing from another site.
"use strict";

const $ = (id) => document.getElementById(id);
const state = { logo: null, sequence: 0, timer: null, colourTimer: null, focus: "poster", checking: null,
  options: null, welsh: null, language: "en" };
// The product each control changes; any other change shows on the poster first.
const FOCUS = { wallet_card: "wallet-card", card_front: "wallet-card", sticker: "sticker", sheet: "sticker",
  sticker_wording: "sticker", large_print: "large-print", large_print_pt: "large-print", poster: "poster",
  leaflet: "leaflet" };
const PRODUCT_BOX = { poster: "poster", "wallet-card": "wallet_card", sticker: "sticker", "large-print": "large_print",
  leaflet: "leaflet" };
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

async function post(path, body, signal) {
  const response = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body), signal });
  return response;
}

// The page's own words in Welsh (a draft, from cy.json) or English; messages from the
// build itself stay in English.
function t(text) { return (state.language === "cy" && state.welsh && state.welsh[text]) || text; }

function say(text) { $("status").textContent = t(text); }

function collect() {
  const local = {};
  document.querySelectorAll("[data-local]").forEach((input) => { local[input.dataset.local] = input.value; });
  const colours = {};
  Object.keys(COLOURS).forEach((key) => { colours[key] = $(`colour-${key}`).value; });
  return {
    base: $("base").value,
    organisation: $("organisation").value, contact: $("contact").value,
    headline: $("headline").value, strapline: $("strapline").value,
    language: $("language").value,
    services: [...document.querySelectorAll("#services li")].filter((li) => li.querySelector("input").checked)
      .map((li) => li.dataset.id),
    local, colours,
    poster: $("poster").checked, wallet_card: $("wallet_card").checked, card_front: $("card_front").value,
    sticker: $("sticker").checked, sheet: $("sheet").value, sticker_wording: $("sticker_wording").value,
    large_print: $("large_print").checked, large_print_pt: parseInt($("large_print_pt").value, 10) || 18,
    leaflet: $("leaflet").checked,
    colours_cmyk: state.coloursCmyk || {},
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
  stale.className = "bad not-updated";
  stale.textContent = t("Not updated: fix the problem in the form. The pages below are from the last change that built.");
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

function focusNow() {
  // The product being edited if it is ticked, else the first that is.
  const ticked = Object.keys(PRODUCT_BOX).filter((product) => $(PRODUCT_BOX[product]).checked);
  return ticked.includes(state.focus) ? state.focus : (ticked[0] || "poster");
}

function failed(message) { return { error: { field: null, message, line: message } }; }

async function answerOf(response) {
  try { return await response.json(); } catch (error) { return failed("helpline-pack sent an answer the page could not read; try again."); }
}

async function preview() {
  const sequence = ++state.sequence;
  if (state.checking) state.checking.abort();
  say("Building the preview...");
  const fields = collect();
  let answer;
  try {
    answer = await answerOf(await post("/api/preview", { ...fields, focus: focusNow() }));
  } catch (error) {
    answer = failed("The page could not reach helpline-pack; is it still running?");
  }
  if (sequence !== state.sequence) return;     // a newer change is on its way
  clearErrors();
  if (answer.error) { showError(answer.error); return; }
  showFirst(answer);
  say("Preview updated. Checking the whole pack...");
  check(fields, sequence);
}

async function check(fields, sequence) {
  const control = new AbortController();
  state.checking = control;
  let answer;
  try {
    answer = await answerOf(await post("/api/check", fields, control.signal));
  } catch (error) {
    if (control.signal.aborted) return;
    answer = failed("The page could not reach helpline-pack; is it still running?");
  }
  if (sequence !== state.sequence) return;
  state.checking = null;
  if (answer.error) { showError(answer.error); return; }
  showPages(answer.pages);
  showChecks(answer.findings, answer.warnings);
}

function figure(page, note) {
  const figure = document.createElement("figure");
  const image = document.createElement("img");
  const caption = document.createElement("figcaption");
  const [file, number] = [page.name.replace(/-(\d+)$/, ""), page.name.match(/-(\d+)$/)?.[1]];
  figure.dataset.name = page.name;
  image.src = page.image;
  image.alt = `${t("Preview of")} ${file}.pdf, ${t("page")} ${number}`;
  caption.textContent = `${file}.pdf, ${t("page")} ${number}${note ? ` (${t(note)})` : ""}`;
  figure.append(image, caption);
  return figure;
}

function showFirst(page) {
  // The page just changed goes first; the others stay, marked, until the whole pack is back.
  const pages = $("pages");
  pages.querySelectorAll("figure").forEach((old) => {
    old.classList.add("stale");
    if (old.dataset.name === page.name) old.remove();
  });
  const fresh = figure(page, "just changed");
  fresh.classList.add("fresh");
  pages.prepend(fresh);
  const waiting = document.createElement("p");
  waiting.textContent = t("Checking the whole pack: sizes, fonts, QR codes and every number...");
  $("checks").replaceChildren(waiting);
}

function showPages(pages) {
  $("pages").replaceChildren(...pages.map((page) => figure(page)));
}

function showChecks(findings, warnings) {
  const failed = findings.filter((finding) => !finding.ok);
  const box = $("checks");
  const summary = document.createElement("p");
  summary.className = failed.length ? "bad" : "ok";
  summary.textContent = failed.length
    ? `${failed.length} ${t("problems found: do not print until they are fixed.")}`
    : `${t("All checks passed")} (${findings.length}): ${t("sizes, fonts, QR codes scanned from a simulated phone photo, every number read back.")}`;
  const list = document.createElement("ul");
  failed.forEach((finding) => {
    const item = document.createElement("li");
    item.textContent = `${finding.file}: ${PLAIN[finding.check] || finding.check}: ${finding.figure}`;
    list.append(item);
  });
  const parts = [summary, ...(list.children.length ? [list] : [])];
  if (warnings.length) {
    // Every warning the build gave, in plain words: none stops a build, each matters.
    const heading = document.createElement("p");
    heading.className = "bad";
    heading.textContent = `${warnings.length} ${t("things to know before you print:")}`;
    const notes = document.createElement("ul");
    notes.className = "warnings";
    warnings.forEach((warning) => {
      const item = document.createElement("li");
      item.textContent = `${warning.about}: ${warning.message}`;
      notes.append(item);
    });
    parts.push(heading, notes);
  }
  box.replaceChildren(...parts);
  say(failed.length ? "Preview built, with problems." : "Preview up to date.");
}

// -- colours, checked as they are picked --------------------------------------------------------
function colourRow(key, value) {
  const row = document.createElement("div");
  row.className = "colour";
  row.innerHTML = `<label for="colour-${key}">${t(COLOURS[key])}</label>
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

function packOf(name) { return state.options.packs.find((pack) => pack.name === name) || state.options.packs[0]; }

function fillServices(fields) {
  const pack = packOf(fields.base);
  const services = state.options.services.filter((service) => !pack.fixed.includes(service.id));
  const byId = Object.fromEntries(services.map((service) => [service.id, service]));
  const order = [...fields.services.filter((id) => byId[id]), ...services.map((s) => s.id).filter((id) => !fields.services.includes(id))];
  $("services").replaceChildren(...order.map((id) => serviceItem(byId[id], fields.services.includes(id))));
  $("always").textContent = `${pack.always.join(", ")}, 999`;
}

function fill(fields) {
  $("base").value = fields.base;
  $("organisation").value = fields.organisation; $("contact").value = fields.contact;
  $("headline").value = fields.headline; $("strapline").value = fields.strapline;
  $("language").value = fields.language;
  document.querySelectorAll("[data-local]").forEach((input) => { input.value = fields.local[input.dataset.local] || ""; });
  ["poster", "wallet_card", "sticker", "large_print", "leaflet"].forEach((key) => { $(key).checked = fields[key]; });
  $("card_front").value = fields.card_front; $("sheet").value = fields.sheet;
  $("sticker_wording").value = fields.sticker_wording; $("large_print_pt").value = fields.large_print_pt;
  fillServices(fields);
  $("colours").replaceChildren(...Object.keys(COLOURS).map((key) => colourRow(key, fields.colours[key] || "#000000")));
  // A loaded pack's own CMYK values: kept for the pack file while each colour stays as it was.
  state.coloursCmyk = fields.colours_cmyk || {};
}

function changeBase() {
  // Another nation's pack: its helplines and colours; what the user typed stays.
  const defaults = packOf($("base").value).defaults;
  fillServices(defaults);
  Object.keys(COLOURS).forEach((key) => {
    $(`colour-${key}`).value = defaults.colours[key]; $(`colour-${key}-picker`).value = defaults.colours[key].toLowerCase();
  });
  checkColours();
}

// -- the page's own language -------------------------------------------------------------------
const TRANSLATED = "h1, h2, header p:not(#draft-note), #form-help, legend, label, .hint > span:first-child, p.hint:not(:has(span)), option, button, a.skip, a.to-preview, a.to-form";

async function pageLanguage(language) {
  if (language === "cy" && !state.welsh) state.welsh = await (await fetch("/cy.json")).json();
  state.language = language;
  document.documentElement.lang = language === "cy" ? "cy" : "en-GB";
  document.querySelectorAll(TRANSLATED).forEach((node) => {
    if (node.children.length || node.id === "page-language") return;
    if (!node.dataset.en) node.dataset.en = node.textContent.replace(/\s+/g, " ").trim();
    node.textContent = t(node.dataset.en);
  });
  document.querySelectorAll("[aria-label]").forEach((node) => {
    if (!node.dataset.enLabel) node.dataset.enLabel = node.getAttribute("aria-label");
    node.setAttribute("aria-label", t(node.dataset.enLabel));
  });
  const toggle = $("page-language");
  toggle.textContent = language === "cy" ? "English" : "Cymraeg";
  toggle.lang = language === "cy" ? "en-GB" : "cy";
  $("draft-note").hidden = language !== "cy";
  $("draft-note").textContent = state.welsh ? state.welsh._draft : "";
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
  state.options = options;
  $("base").replaceChildren(...options.packs.map((pack) => new Option(pack.title, pack.name)));
  fill(options.packs[0].defaults);
  const edited = (event) => { state.focus = FOCUS[event.target.id] || "poster"; };
  $("base").addEventListener("change", changeBase);
  $("language").addEventListener("change", () => {
    // Welsh and English side by side is Wales's case: Live Fear Free, and helplines few enough
    // for every sentence twice. From England's packs the page moves to the Wales pack.
    const england = ["england", "london"].includes($("base").value);
    if ($("language").value === "cy en" && england && state.options.packs.some((pack) => pack.name === "wales")) {
      $("base").value = "wales";
      changeBase();
    }
  });
  $("pack").addEventListener("input", (event) => { edited(event); if (!event.target.matches("[type=file], [id^=colour-]")) schedule(); });
  $("pack").addEventListener("change", (event) => { edited(event); if (!event.target.matches("[type=file], [type=text], input:not([type]), [id^=colour-]")) schedule(); });
  $("page-language").addEventListener("click", () => pageLanguage(state.language === "cy" ? "en" : "cy"));
  if (new URLSearchParams(location.search).get("lang") === "cy") await pageLanguage("cy");
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
    fill(answer.fields);
    say(answer.fields.names_logo ? "Pack loaded. It names a logo: choose the logo file again above." : "Pack loaded.");
    checkColours();
    preview();
  });
  checkColours();
  preview();
}

start();
