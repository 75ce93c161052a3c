// Autosave: while the writer types, what they typed goes to a private copy on the desk
// every AUTOSAVE_MS at most, and nothing when they stop; the article itself is not changed.
"use strict";
{
  const AUTOSAVE_MS = 10000;
  const FIELDS = ["title", "slug", "lead", "dateline", "body"];

  document.addEventListener("DOMContentLoaded", () => {
    const status = document.querySelector("[data-desk-autosave]");
    const form = document.querySelector("#article_form");
    const token = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (!status || !form || !token) return;
    let changed = false;
    let sending = false;

    const send = async (body) => {
      const response = await fetch(status.dataset.deskAutosave, {
        method: "POST",
        headers: { "X-CSRFToken": token.value },
        credentials: "same-origin",
        body,
      });
      const answer = await response.json();
      status.textContent = answer.message || answer.error || "";
      return response.ok;
    };

    const save = async () => {
      if (!changed || sending) return;
      changed = false;
      sending = true;
      const body = new FormData();
      for (const name of FIELDS) {
        const field = form.elements[name];
        if (field && !field.disabled) body.append(name, field.value);
      }
      try {
        if (!(await send(body))) changed = true;
      } catch {
        changed = true; // offline for a moment: the next round tries again
      } finally {
        sending = false;
      }
    };

    form.addEventListener("input", () => { changed = true; });
    form.addEventListener("submit", () => { changed = false; });
    setInterval(save, AUTOSAVE_MS);

    const discard = document.querySelector("[data-desk-autosave-discard]");
    if (discard) {
      discard.addEventListener("click", async () => {
        const body = new FormData();
        body.append("discard", "1");
        if (await send(body)) discard.closest(".desk-autosave-offer").remove();
      });
    }
  });
}
