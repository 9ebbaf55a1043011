// anyvoice web page: design a voice, hear it, compare two voices, see spectrograms and the voice space.
// Everything goes through the same HTTP API that other clients use.
"use strict";

const $ = (sel) => document.querySelector(sel);
const moved = new Set();  // sliders the user touched: only those are sent
let savedVoices = [];

function setStatus(message, isError = false) {
  const el = $("#status");
  el.textContent = message;
  el.classList.toggle("error", isError);
}

// A server started with an API key answers 401 until the key comes along: ask once, keep it for the session.
function withKey(options) {
  const key = sessionStorage.getItem("anyvoice-api-key");
  if (!key) return options;
  return { ...options, headers: { ...(options.headers || {}), Authorization: `Bearer ${key}` } };
}

async function api(path, options = {}) {
  let response = await fetch(path, withKey(options));
  if (response.status === 401) {
    const key = window.prompt("This anyvoice server needs its API key:");
    if (key) {
      sessionStorage.setItem("anyvoice-api-key", key.trim());
      response = await fetch(path, withKey(options));
    }
  }
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    try { message = (await response.json()).error.message; } catch (e) { /* not JSON: keep the status line */ }
    throw new Error(message);
  }
  return response;
}

async function busy(button, label, work) {
  button.disabled = true;
  setStatus(label + "…");
  try {
    await work();
    setStatus("");
  } catch (err) {
    setStatus(err.message, true);
  } finally {
    button.disabled = false;
  }
}

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
  const list = $("#voice-list");
  list.replaceChildren();
  if (!savedVoices.length) list.innerHTML = "<li><span>No saved voices yet: make one above.</span></li>";
  for (const v of savedVoices) {
    const li = document.createElement("li");
    li.dataset.id = v.id;
    li.innerHTML = `<span><b></b><small></small></span>
      <button type="button" class="quiet use">Use</button>
      <a class="file" href="/v1/voices/${encodeURIComponent(v.id)}/file" download>.voice</a>
      <button type="button" class="quiet delete">Delete</button>`;
    li.querySelector("b").textContent = v.name;
    li.querySelector("small").textContent = `${v.description} (${v.source})`;
    li.querySelector(".use").onclick = () => { $("#voice-a").value = v.id; drawSpace(); };
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

async function createVoice(ev) {
  await busy(ev.target, "Making the voice", async () => {
    const form = new FormData();
    const description = $("#description").value.trim();
    if (description) form.append("description", description);
    if ($("#face").files[0]) form.append("face", $("#face").files[0]);
    for (const f of $("#recording").files) form.append("recording", f);
    if (moved.size) {
      const values = {};
      for (const name of moved) values[name] = Number(document.querySelector(`#sliders input[name="${name}"]`).value);
      form.append("attributes", JSON.stringify(values));
    }
    const name = $("#voice-name").value.trim();
    if (name) form.append("name", name);
    const voice = await (await api("/v1/voices", { method: "POST", body: form })).json();
    const made = $("#made");
    made.hidden = false;
    made.innerHTML = "<b></b> <span></span><ul></ul>";
    made.querySelector("b").textContent = voice.name + ":";
    made.querySelector("span").textContent = voice.description;
    for (const line of voice.explanation) {
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
  const response = await api("/v1/audio/speech", {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
  });
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const audio = fig.querySelector("audio");
  fig.hidden = false;
  fig.dataset.state = "loaded";
  audio.onplaying = () => { fig.dataset.state = "playing"; };
  audio.onended = () => { fig.dataset.state = "ended"; };
  audio.src = url;
  const name = $(`#voice-a option[value="${CSS.escape(voiceId)}"]`)?.textContent || voiceId;
  fig.querySelector("figcaption").textContent =
    `${name.split(" — ")[0]} · ${body.model} · style: ${response.headers.get("X-Anyvoice-Style")}`;
  const link = fig.querySelector(".download");
  link.href = url;
  link.download = `anyvoice-${voiceId}.wav`;
  link.hidden = false;
  drawSpectrogram(fig.querySelector("canvas"), await blob.arrayBuffer());
  return audio;
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

// --- pictures ------------------------------------------------------------------------------------------
function fft(re, im) {  // in-place radix-2
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) { [re[i], re[j]] = [re[j], re[i]]; [im[i], im[j]] = [im[j], im[i]]; }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = -2 * Math.PI / len;
    for (let i = 0; i < n; i += len) {
      for (let k = 0; k < len / 2; k++) {
        const wr = Math.cos(ang * k), wi = Math.sin(ang * k);
        const a = i + k, b = a + len / 2;
        const tr = re[b] * wr - im[b] * wi, ti = re[b] * wi + im[b] * wr;
        re[b] = re[a] - tr; im[b] = im[a] - ti; re[a] += tr; im[a] += ti;
      }
    }
  }
}

function heat(v) {  // 0..1 -> dark blue, magenta, yellow
  const r = Math.min(255, 510 * v), g = Math.max(0, 400 * v - 150), b = 120 + 135 * Math.sin(Math.PI * v);
  return [r, Math.min(255, g), b];
}

async function drawSpectrogram(canvas, buffer) {
  const ctx = new (window.AudioContext || window.webkitAudioContext)();
  const audio = await ctx.decodeAudioData(buffer.slice(0));
  ctx.close();
  const x = audio.getChannelData(0), sr = audio.sampleRate, n = 1024, hop = Math.max(128, Math.floor(x.length / 800));
  const frames = Math.max(1, Math.floor((x.length - n) / hop));
  const maxHz = 8000, bins = Math.floor(n / 2 * Math.min(1, maxHz / (sr / 2)));
  const g = canvas.getContext("2d"), W = canvas.width, H = canvas.height;
  const img = g.createImageData(frames, bins);
  const re = new Float64Array(n), im = new Float64Array(n);
  const spec = new Float32Array(frames * bins);
  let top = -Infinity;
  for (let f = 0; f < frames; f++) {
    for (let i = 0; i < n; i++) { re[i] = x[f * hop + i] * (0.5 - 0.5 * Math.cos(2 * Math.PI * i / n)); im[i] = 0; }
    fft(re, im);
    for (let k = 0; k < bins; k++) {
      const db = 10 * Math.log10(re[k] * re[k] + im[k] * im[k] + 1e-10);
      spec[f * bins + k] = db;
      if (db > top) top = db;
    }
  }
  for (let f = 0; f < frames; f++) {
    for (let k = 0; k < bins; k++) {
      const v = Math.max(0, Math.min(1, (spec[f * bins + k] - top + 80) / 80));
      const [r, gg, b] = heat(v), p = ((bins - 1 - k) * frames + f) * 4;
      img.data[p] = r; img.data[p + 1] = gg; img.data[p + 2] = b; img.data[p + 3] = 255;
    }
  }
  const off = new OffscreenCanvas(frames, bins);
  off.getContext("2d").putImageData(img, 0, 0);
  g.imageSmoothingEnabled = true;
  g.drawImage(off, 0, 0, W, H);
  g.fillStyle = "#fff";
  g.font = "11px sans-serif";
  g.fillText(`0-${maxHz / 1000} kHz · ${(x.length / sr).toFixed(1)} s`, 6, 14);
  canvas.dataset.drawn = "true";
}

async function drawSpace() {
  const canvas = $("#space-map");
  const data = await (await api("/v1/voice-space")).json();
  const g = canvas.getContext("2d"), W = canvas.width, H = canvas.height, pad = 30;
  const all = data.bank.concat(data.voices);
  const xs = all.map((p) => p.x), ys = all.map((p) => p.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const sx = (x) => pad + (x - x0) / (x1 - x0 || 1) * (W - 2 * pad);
  const sy = (y) => H - pad - (y - y0) / (y1 - y0 || 1) * (H - 2 * pad);
  g.clearRect(0, 0, W, H);
  for (const p of data.bank) {
    g.fillStyle = `rgba(${Math.round(60 + 180 * p.female)}, 80, ${Math.round(220 - 160 * p.female)}, 0.45)`;
    g.beginPath(); g.arc(sx(p.x), sy(p.y), 3.5, 0, 2 * Math.PI); g.fill();
  }
  const chosen = $("#voice-a").value;
  g.font = "12px sans-serif";
  for (const p of data.voices) {
    const big = p.id === chosen;
    g.fillStyle = big ? "#e0a000" : "#111";
    star(g, sx(p.x), sy(p.y), big ? 10 : 7);
    g.fillText(p.name, sx(p.x) + 9, sy(p.y) - 6);
  }
  g.fillStyle = "#667";
  g.fillText("principal axis 1 →", W - 120, H - 8);
  canvas.dataset.voices = String(data.voices.length);
}

function star(g, x, y, r) {
  g.beginPath();
  for (let i = 0; i < 10; i++) {
    const a = Math.PI / 2 + i * Math.PI / 5, rr = i % 2 ? r * 0.45 : r;
    g.lineTo(x + rr * Math.cos(a), y - rr * Math.sin(a));
  }
  g.closePath();
  g.fill();
}

// --- start ---------------------------------------------------------------------------------------------
window.addEventListener("DOMContentLoaded", async () => {
  $("#create").onclick = createVoice;
  $("#speak-a").onclick = speak;
  $("#compare").onclick = compare;
  $("#reset-sliders").onclick = resetSliders;
  $("#voice-a").onchange = () => drawSpace();
  try {
    await Promise.all([loadSliders(), loadVoices(), loadEngines()]);
    await drawSpace();
    document.body.dataset.ready = "true";
  } catch (err) {
    setStatus(`could not reach the server: ${err.message}`, true);
  }
});
