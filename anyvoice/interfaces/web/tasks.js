// Work on a recording: convert it into a voice, say its words anew in one, clean it (noise, speech, other
// speakers), edit its words, describe its voice or transcribe it. The source comes from a file or the microphone;
// before and after are shown side by side, each with its player and spectrogram.
"use strict";

import { $, api, busy, setStatus, textHeader } from "./api.js";
import { showAudio } from "./pictures.js";
import { Recorder, takeName } from "./recorder.js";

let source = null;  // {blob, name}: the last file chosen or the last take recorded
let voicePicked = false;  // the voice list's choice was made by a task that needs a voice, not by the user

/** What each task sends, where, and which of the card's fields it shows. */
const TASKS = {
  convert: { path: "/v1/audio/convert", label: "Converted", fields: ["voice", "language"], needsVoice: true },
  respeak: { path: "/v1/audio/respeak", label: "Respoken", fields: ["voice", "language"], needsVoice: true },
  enhance: { path: "/v1/audio/enhance", label: "Enhanced", fields: ["attenuation"] },
  "remove-speech": { path: "/v1/audio/remove-speech", label: "Speech removed", fields: [] },
  extract: { path: "/v1/audio/extract", label: "Extracted", fields: ["voice"], needsVoice: true },
  edit: { path: "/v1/audio/edit", label: "Edited", fields: ["voice", "edit"] },
  describe: { path: "/v1/audio/describe", label: "Described", fields: [], answersText: true },
  transcribe: { path: "/v1/audio/transcriptions", label: "Transcribed", fields: [], answersText: true },
};

function task() { return TASKS[$("#task").value]; }

function showFields() {
  const t = task();
  for (const el of document.querySelectorAll("#work [data-field]")) el.hidden = !t.fields.includes(el.dataset.field);
  const own = $("#task-voice option[value='']");
  if (own) own.disabled = !!t.needsVoice;  // converting, respeaking, extracting need a voice; editing may keep its own
  if (t.needsVoice && !$("#task-voice").value) {
    $("#task-voice").selectedIndex = 1;
    voicePicked = true;
  } else if (!t.needsVoice && voicePicked) {  // a voice picked here, not by the user: editing keeps the recording's
    $("#task-voice").value = "";
    voicePicked = false;
  }
  if ($("#task").value === "edit") reported(prefillWords());
}

function reported(promise) {  // work started by a change of field, not a button: its error goes to the status line
  promise.catch((err) => setStatus(err.message, true));
}

async function setSource(blob, name) {
  source = { blob, name };
  $("#after").hidden = true;
  $("#task-result").hidden = true;
  $("#edit-text").value = "";
  await showAudio($("#before"), blob, `Before · ${name}`, name);
  if ($("#task").value === "edit") await prefillWords();
}

// Editing starts from what the recording says: fill the box with it, so only the words to change are typed.
async function prefillWords() {
  if (!source || $("#edit-text").value.trim()) return;
  const form = new FormData();
  form.append("file", source.blob, source.name);
  const heard = await (await api("/v1/audio/transcriptions", { method: "POST", body: form })).json();
  if (!$("#edit-text").value.trim()) $("#edit-text").value = heard.text;
  $("#edit-text").dataset.heard = heard.text;
}

function showText(lines) {
  const box = $("#task-result");
  box.hidden = false;
  box.replaceChildren(...lines.filter(Boolean).map((line) => Object.assign(document.createElement("p"),
    { textContent: line })));
}

async function runTask(ev) {
  await busy(ev.target, "Working on the recording", async () => {
    if (!source) throw new Error("choose a file or record a clip first");
    const t = task(), name = $("#task").value;
    const form = new FormData();
    form.append("file", source.blob, source.name);
    if (t.fields.includes("voice") && $("#task-voice").value) form.append("voice", $("#task-voice").value);
    const language = t.fields.includes("language") ? $("#task-language").value : "";
    if (language) form.append("language", language);  // convert keeps more of its words; respeak hears it in it
    if (name === "enhance") form.append("attenuation_limit_db", $("#attenuation").value);
    if (name === "transcribe") form.append("response_format", "verbose_json");  // it names the language heard
    if (name === "edit") {
      form.append("text", $("#edit-text").value);
      if ($("#edit-text").dataset.heard) form.append("transcript", $("#edit-text").dataset.heard);
    }
    const response = await api(t.path, { method: "POST", body: form });
    $("#after").hidden = true;
    if (t.answersText) {
      const answer = await response.json();
      showText(name === "describe" ? [answer.description]
        : [answer.language && `Heard in ${answer.language}:`, answer.text]);
      return;
    }
    const notes = [];
    if (response.headers.get("X-Anyvoice-Present")) {
      const found = response.headers.get("X-Anyvoice-Present") === "true";
      notes.push(`${found ? "The voice was found" : "The voice was not found"} in the mixture ` +
        `(similarity ${response.headers.get("X-Anyvoice-Similarity") || "unknown"}).`);
    }
    if (response.headers.get("X-Anyvoice-Heard")) {
      notes.push(`Heard: “${textHeader(response, "X-Anyvoice-Heard")}”; ` +
        `${response.headers.get("X-Anyvoice-Edits")} change(s) made.`);
    }
    if (response.headers.get("X-Anyvoice-Text")) notes.push(`Said: “${textHeader(response, "X-Anyvoice-Text")}”`);
    $("#task-result").hidden = !notes.length;
    if (notes.length) showText(notes);
    const voice = t.fields.includes("voice") && $("#task-voice").value
      ? ` → ${$("#task-voice").selectedOptions[0].textContent.split(" — ")[0]}` : "";
    const spoken = language ? ` (${$("#task-language").selectedOptions[0].textContent})` : "";
    const audio = await showAudio($("#after"), await response.blob(), `After · ${t.label}${voice}${spoken}`,
      `anyvoice-${name}.wav`);
    await audio.play();
  });
}

/** Fill the card's voice list (saved voices first, then built-in ones) keeping the current choice. */
export function fillTaskVoices(voices) {
  const select = $("#task-voice"), keep = select.value;
  select.replaceChildren(new Option("the recording's own voice", ""));
  for (const v of voices) select.append(new Option(v.kind === "saved" ? `${v.name} — ${v.description}` : v.name,
    v.id));
  select.value = [...select.options].some((o) => o.value === keep) ? keep : "";
  showFields();
}

export function startTasks() {
  $("#task").onchange = showFields;
  $("#task-voice").onchange = () => { voicePicked = false; };
  $("#work-file").onchange = () => {
    const file = $("#work-file").files[0];
    if (file) reported(setSource(file, file.name));
  };
  new Recorder($("#work-recorder"), (blob) => reported(setSource(blob, takeName(blob, "microphone"))));
  $("#run-task").onclick = runTask;
  showFields();
}
