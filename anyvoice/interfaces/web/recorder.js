// Recording from the microphone: one button that starts and stops, a running clock, and a player to hear the
// take back before it is used.
"use strict";

import { setStatus } from "./api.js";

const LONGEST_S = 120;  // a reference or a clip to work on; longer is almost always a forgotten recording

export class Recorder {
  /** `root` holds a button.record, a span.elapsed and an audio element; `onTake(blob)` gets each finished take. */
  constructor(root, onTake) {
    this.root = root;
    this.onTake = onTake;
    this.button = root.querySelector("button.record");
    this.button.onclick = () => (this.media ? this.stop() : this.start());
  }

  async start() {
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (err) {
      setStatus(`the microphone is not available: ${err.message}`, true);
      return;
    }
    const chunks = [];
    this.media = new MediaRecorder(stream);
    this.media.ondataavailable = (ev) => { if (ev.data.size) chunks.push(ev.data); };
    this.media.onstop = () => {
      stream.getTracks().forEach((t) => t.stop());
      this.take(new Blob(chunks, { type: this.media.mimeType || "audio/webm" }));
      this.media = null;
    };
    this.media.start();
    this.started = performance.now();
    this.root.dataset.state = "recording";
    this.button.textContent = "■ Stop";
    this.clock = setInterval(() => this.tick(), 200);
  }

  tick() {
    const seconds = (performance.now() - this.started) / 1000;
    this.root.querySelector(".elapsed").textContent = `${seconds.toFixed(1)} s`;
    if (seconds >= LONGEST_S) this.stop();
  }

  stop() {
    clearInterval(this.clock);
    this.media.stop();
    this.button.textContent = "● Record again";
  }

  take(blob) {
    const audio = this.root.querySelector("audio");
    if (audio.src.startsWith("blob:")) URL.revokeObjectURL(audio.src);
    audio.src = URL.createObjectURL(blob);
    audio.hidden = false;
    this.root.dataset.state = "recorded";
    this.onTake(blob);
  }

  /** Forget the take (the player goes away; the next click records anew). */
  clear() {
    const audio = this.root.querySelector("audio");
    if (audio.src.startsWith("blob:")) URL.revokeObjectURL(audio.src);
    audio.removeAttribute("src");
    audio.hidden = true;
    this.root.querySelector(".elapsed").textContent = "";
    this.button.textContent = "● Record";
    delete this.root.dataset.state;
  }
}

/** A file name the server's decoder recognises, from a recorded blob's type. */
export function takeName(blob, stem) {
  const type = blob.type || "";
  const ext = type.includes("ogg") ? "ogg" : type.includes("mp4") ? "m4a" : type.includes("wav") ? "wav" : "webm";
  return `${stem}.${ext}`;
}
