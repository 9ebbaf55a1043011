// Pictures of sound and voices: players with spectrograms, and the map of the voice space.
"use strict";

import { $, api } from "./api.js";

/** Give every figure.player its player, spectrogram and download link (one template for all). */
export function makePlayers() {
  const template = $("#player");
  for (const fig of document.querySelectorAll("figure.player")) fig.append(template.content.cloneNode(true));
}

/** Show `blob` in a player figure (audio, spectrogram, download link) and return its audio element. */
export async function showAudio(fig, blob, caption, fileName) {
  const url = URL.createObjectURL(blob);
  const audio = fig.querySelector("audio");
  const old = audio.src;
  fig.hidden = false;
  fig.dataset.state = "loaded";
  audio.onplaying = () => { fig.dataset.state = "playing"; };
  audio.onended = () => { fig.dataset.state = "ended"; };
  audio.src = url;
  if (old.startsWith("blob:")) URL.revokeObjectURL(old);
  fig.querySelector("figcaption").textContent = caption;
  const link = fig.querySelector(".download");
  if (link) {
    link.href = url;
    link.download = fileName;
    link.hidden = false;
  }
  await drawSpectrogram(fig.querySelector("canvas"), await blob.arrayBuffer());
  return audio;
}

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

export async function drawSpectrogram(canvas, buffer) {
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

export async function drawSpace() {
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
