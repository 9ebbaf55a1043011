// anyvoice web page: design a voice (from words, sliders, a face, a file or the microphone), hear it, compare
// two voices, and work on recordings. Everything goes through the same HTTP API that other clients use.
"use strict";

import { $, api, busy, setStatus, textHeader } from "./api.js";
import { drawSpace, makePlayers, showAudio } from "./pictures.js";
import { Recorder, takeName } from "./recorder.js";
import { fillTaskVoices, startTasks } from "./tasks.js";

const moved = new Set();  // sliders the user touched: only those are sent
let savedVoices = [];
let reference = null;  // the microphone take for the next voice, heard back before it is used

// --- sliders -------------------------------------------------------------------------------------------
async function loadSliders() {
  const attrs = await (await api("/v1/voice-attributes")).json();
  const box = $("#sliders");
  box.replaceChildren();
  for (const a of attrs) {
    if (a.name === "pitch_hz") continue;  // pitch_st covers it, relative to the gender and age
    const label = document.createElement("label");
    label.title = a.meaning;
    const span = a.high - a.low, step = span <= 3 ? 0.01 : span <= 30 ? 0.1 : 1;
    label.innerHTML = `<span>${a.name} <output>${a.neutral}</output></span>`;
    const input = Object.assign(document.createElement("input"), {
      type: "range", min: a.low, max: a.high, step: step, value: a.neutral, name: a.name,
    });
    input.dataset.neutral = a.neutral;
    input.addEventListener("input", () => {
      moved.add(a.name);
      label.classList.add("moved");
      label.querySelector("output").textContent = Number(input.value).toFixed(step < 0.1 ? 2 : step < 1 ? 1 : 0);
    });
    label.append(input);
    box.append(label);
  }
}

function resetSliders() {
  moved.clear();
  for (const input of document.querySelectorAll("#sliders input")) {
    input.value = input.dataset.neutral;
    input.closest("label").classList.remove("moved");
    input.closest("label").querySelector("output").textContent = input.dataset.neutral;
  }
}

// --- engines --------------------------------------------------------------------------------------------
async function loadEngines() {
  const models = (await (await api("/v1/models")).json()).data;
  const select = $("#engine");
  for (const m of models) {
    const option = new Option(m.id, m.id);
    option.title = m.description;
    select.append(option);
  }
  select.value = "tts-1";
}

// --- languages -----------------------------------------------------------------------------------------
const languageNames = new Map([["mul", "several languages"]]);  // "mul": SSML that switches language

async function loadLanguages() {
  const languages = (await (await api("/v1/languages")).json()).data;
  for (const l of languages) {
    languageNames.set(l.code, l.name);
    const option = new Option(l.name, l.code);
    option.title = `spoken by ${l.base}`;
    $("#language").append(option);
    $("#task-language").append(new Option(l.name, l.code));  // a recording's, for the work card
  }
}

// --- voices --------------------------------------------------------------------------------------------
function fillSelect(select, voices, keep) {
  select.replaceChildren();
  for (const group of [["saved", "Saved"], ["builtin", "Built-in"]]) {
    const og = document.createElement("optgroup");
    og.label = group[1];
    for (const v of voices.filter((x) => x.kind === group[0])) {
      og.append(new Option(v.kind === "saved" ? `${v.name} — ${v.description}` : `${v.name}`, v.id));
    }
    if (og.children.length) select.append(og);
  }
  if (keep && [...select.options].some((o) => o.value === keep)) select.value = keep;
}

async function loadVoices(select) {
  const voices = (await (await api("/v1/voices")).json()).data;
  savedVoices = voices.filter((v) => v.kind === "saved");
  fillSelect($("#voice-a"), voices, select || $("#voice-a").value);
  fillSelect($("#voice-b"), voices, $("#voice-b").value || "alloy");
  fillTaskVoices(voices);
  const list = $("#voice-list");
  list.replaceChildren();
  if (!savedVoices.length) list.innerHTML = "<li><span>No saved voices yet: make one above.</span></li>";
  for (const v of savedVoices) {
    const li = document.createElement("li");
    li.dataset.id = v.id;
    li.innerHTML = `<span><b></b><small></small></span>
      <button type="button" class="quiet use">Use</button>
      <button type="button" class="quiet words">Lexicon</button>
      <a class="file" href="/v1/voices/${encodeURIComponent(v.id)}/file" download>.voice</a>
      <button type="button" class="quiet delete">Delete</button>`;
    li.querySelector("b").textContent = v.name;
    li.querySelector("small").textContent = `${v.description} (${v.source})`;
    li.querySelector(".use").onclick = () => { $("#voice-a").value = v.id; drawSpace(); };
    li.querySelector(".words").onclick = (ev) => busy(ev.target, "Reading the lexicon", () => editLexicon(li, v));
    li.querySelector(".file").onclick = (ev) => {  // through api(), so the API key goes along
      ev.preventDefault();
      busy(ev.target, "Downloading", async () => {
        const blob = await (await api(ev.target.getAttribute("href"))).blob();
        const link = Object.assign(document.createElement("a"),
          { href: URL.createObjectURL(blob), download: `${v.name}.voice` });
        link.click();
        URL.revokeObjectURL(link.href);
      });
    };
    li.querySelector(".delete").onclick = (ev) => busy(ev.target, "Deleting", async () => {
      await api(`/v1/voices/${encodeURIComponent(v.id)}`, { method: "DELETE" });
      await loadVoices();
      await drawSpace();
    });
    list.append(li);
  }
}

// A saved voice's pronunciation lexicon, one "word = respelling" or "word = /IPA/" a line; every request in the
// voice uses it.
async function editLexicon(li, v) {
  li.querySelector(".lexicon")?.remove();
  const url = `/v1/voices/${encodeURIComponent(v.id)}`;
  const entries = (await (await api(url)).json()).lexicon || {};
  const box = document.createElement("div");
  box.className = "lexicon";
  box.innerHTML = `<textarea rows="3" placeholder="Nguyen = /wɪn/"></textarea>
    <button type="button" class="save">Save lexicon</button>`;
  box.querySelector("textarea").value = Object.entries(entries).map(([w, say]) => `${w} = ${say}`).join("\n");
  box.querySelector(".save").onclick = (ev) => busy(ev.target, "Saving the lexicon", async () => {
    const lexicon = {};
    for (const line of box.querySelector("textarea").value.split("\n")) {
      if (!line.trim()) continue;
      const [word, ...say] = line.split("=");
      if (!say.length) throw new Error(`write each line as 'word = how to say it', not ${JSON.stringify(line)}`);
      lexicon[word.trim()] = say.join("=").trim();
    }
    const saved = await (await api(url, { method: "PATCH", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ lexicon }) })).json();
    box.dataset.saved = String(Object.keys(saved.lexicon).length);
  });
  li.append(box);
}

async function createVoice(ev) {
  await busy(ev.target, "Making the voice", async () => {
    const form = new FormData();
    const description = $("#description").value.trim();
    if (description) form.append("description", description);
    if ($("#face").files[0]) form.append("face", $("#face").files[0]);
    for (const f of $("#recording").files) form.append("recording", f);
    if (reference) form.append("recording", reference, takeName(reference, "microphone"));
    if (moved.size) {
      const values = {};
      for (const name of moved) values[name] = Number(document.querySelector(`#sliders input[name="${name}"]`).value);
      form.append("attributes", JSON.stringify(values));
    }
    if ($("#clean-reference").checked) form.append("clean", "true");
    const name = $("#voice-name").value.trim();
    if (name) form.append("name", name);
    const voice = await (await api("/v1/voices", { method: "POST", body: form })).json();
    const made = $("#made");
    made.hidden = false;
    made.innerHTML = "<b></b> <span></span><ul></ul>";
    made.querySelector("b").textContent = voice.name + ":";
    made.querySelector("span").textContent = voice.description;
    for (const line of [...voice.warnings.map((w) => `Note: ${w}`), ...voice.explanation]) {
      const li = document.createElement("li");
      li.textContent = line;
      made.querySelector("ul").append(li);
    }
    await loadVoices(voice.id);
    await drawSpace();
  });
}

// --- speaking ------------------------------------------------------------------------------------------
async function speakInto(figureSel, voiceId) {
  const fig = $(figureSel);
  const body = {
    model: $("#engine").value || "tts-1", input: $("#text").value, voice: voiceId, response_format: "wav",
    speed: Number($("#speed").value) || 1,
  };
  const style = $("#style").value.trim();
  if (style) body.instructions = style;
  if ($("#ssml").checked) body.input_format = "ssml";
  if ($("#language").value) body.language = $("#language").value;
  const response = await api("/v1/audio/speech", {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
  });
  const name = $(`#voice-a option[value="${CSS.escape(voiceId)}"]`)?.textContent || voiceId;
  const spoken = response.headers.get("X-Anyvoice-Language");
  const warning = textHeader(response, "X-Anyvoice-Warning");
  const caption = [name.split(" — ")[0], body.model, languageNames.get(spoken) || spoken,
    `style: ${response.headers.get("X-Anyvoice-Style")}`, warning && `note: ${warning}`].filter(Boolean).join(" · ");
  return showAudio(fig, await response.blob(), caption, `anyvoice-${voiceId}.wav`);
}

async function speak(ev) {
  await busy(ev.target, "Speaking", async () => {
    $("#player-b").hidden = true;
    const audio = await speakInto("#player-a", $("#voice-a").value);
    await audio.play();
  });
}

async function compare(ev) {
  await busy(ev.target, "Speaking with both voices", async () => {
    const a = await speakInto("#player-a", $("#voice-a").value);
    const b = await speakInto("#player-b", $("#voice-b").value);
    await a.play();
    a.addEventListener("ended", () => b.play(), { once: true });
  });
}

// --- start ---------------------------------------------------------------------------------------------
window.addEventListener("DOMContentLoaded", async () => {
  makePlayers();
  $("#create").onclick = createVoice;
  $("#speak-a").onclick = speak;
  $("#compare").onclick = compare;
  $("#reset-sliders").onclick = resetSliders;
  $("#voice-a").onchange = () => drawSpace();
  const recorder = new Recorder($("#reference-recorder"), (blob) => {
    reference = blob;
    $("#discard-reference").hidden = false;
  });
  $("#discard-reference").onclick = () => {
    reference = null;
    recorder.clear();
    $("#discard-reference").hidden = true;
  };
  startTasks();
  try {
    await Promise.all([loadSliders(), loadVoices(), loadEngines(), loadLanguages()]);
    await drawSpace();
    document.body.dataset.ready = "true";
  } catch (err) {
    setStatus(`could not reach the server: ${err.message}`, true);
  }
});
