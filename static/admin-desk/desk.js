// The desk's small helpers on the article form: length counters for the headline and
// lead, and the numbered paragraph list that follows the body as it is edited.
"use strict";
{
  function addCounter(field) {
    const advice = Number(field.dataset.deskCounter);
    const counter = document.createElement("output");
    counter.className = "desk-counter";
    counter.setAttribute("aria-live", "polite");
    counter.htmlFor = field.id;
    field.after(counter);
    const update = () => {
      const length = [...field.value].length;
      counter.textContent = `${length} / ${advice}`;
      counter.classList.toggle("desk-counter--over", length > advice);
    };
    field.addEventListener("input", update);
    update();
  }

  function firstWords(text, count) {
    const words = text.trim().split(/\s+/);
    return words.slice(0, count).join(" ") + (words.length > count ? " …" : "");
  }

  function followBody(body, list) {
    const update = () => {
      const fragment = new DOMParser().parseFromString(body.value, "text/html").body;
      const blocks = [...fragment.childNodes].filter(
        (node) => node.nodeType === Node.ELEMENT_NODE || node.textContent.trim(),
      );
      list.replaceChildren(
        ...blocks.map((block) => {
          const item = document.createElement("li");
          item.textContent = firstWords(block.textContent, 12);
          return item;
        }),
      );
    };
    body.addEventListener("input", update);
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-desk-counter]").forEach(addCounter);
    const body = document.querySelector("textarea[name=body]");
    const list = document.querySelector("[data-desk-paragraphs]");
    if (body && list) followBody(body, list);
  });
}
