// The page's link to the server: the same HTTP API that other clients use, with the API key when one is set.
"use strict";

export const $ = (sel) => document.querySelector(sel);

export function setStatus(message, isError = false) {
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

/** fetch() that throws the server's own error message on any answer but 2xx. */
export async function api(path, options = {}) {
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

/** A text header's value (the server percent-encodes what is not printable ASCII); null when absent. */
export function textHeader(response, name) {
  const value = response.headers.get(name);
  if (value === null) return null;
  try { return decodeURIComponent(value); } catch { return value; }
}

/** Run `work` with `button` disabled and `label` in the status line; an error lands in the status line. */
export async function busy(button, label, work) {
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
