// Pictures in the article body: a node of the editor for our own figure markup,
//   <figure data-image="ID"><img src alt><figcaption>caption <span class="credit">credit</span></figcaption></figure>
// and the dialog that inserts one: a picture of the library (searched through the desk's
// JSON view) or a new upload, with its alt text (required), caption and credit. The words
// come from the page (`data-desk-pictures`), in the editor's language.

function text(element) {
  return (element?.textContent || "").replace(/\s+/g, " ").trim()
}

function captionOf(figure) {
  const caption = figure.querySelector("figcaption")
  if (!caption) return ""
  const copy = caption.cloneNode(true)
  copy.querySelectorAll(".credit").forEach((credit) => credit.remove())
  return text(copy)
}

function attribute(read) {
  return { default: "", rendered: false, parseHTML: read }
}

export function pictureNode(prose, settings) {
  return prose.Node.create({
    name: "newsFigure",
    group: "block",
    atom: true,
    draggable: true,
    selectable: true,
    addAttributes() {
      return {
        image: attribute((figure) => figure.getAttribute("data-image")),
        src: attribute((figure) => figure.querySelector("img")?.getAttribute("src") || ""),
        alt: attribute((figure) => figure.querySelector("img")?.getAttribute("alt") || ""),
        caption: attribute(captionOf),
        credit: attribute((figure) => text(figure.querySelector("figcaption .credit"))),
      }
    },
    parseHTML() {
      return [{ tag: "figure[data-image]" }]
    },
    renderHTML({ node }) {
      const { image, src, alt, caption, credit } = node.attrs
      const figure = ["figure", { "data-image": image }, ["img", { src, alt }]]
      if (caption || credit) {
        const figcaption = ["figcaption"]
        if (caption) figcaption.push(caption)
        if (caption && credit) figcaption.push(" ")
        if (credit) figcaption.push(["span", { class: "credit" }, credit])
        figure.push(figcaption)
      }
      return figure
    },
    addMenuItems({ menu, buttons }) {
      menu.defineItem({
        name: "newsFigure",
        groups: "nodes",
        button: buttons.material("add_photo_alternate", settings.strings.button),
        command(editor) {
          openDialog(editor, settings)
        },
      })
    },
  })
}

function element(tag, properties = {}, children = []) {
  const made = Object.assign(document.createElement(tag), properties)
  made.append(...children)
  return made
}

function field(label, input, help) {
  input.id ||= `desk-picture-${Math.random().toString(36).slice(2)}`
  const parts = [element("label", { htmlFor: input.id, textContent: label }), input]
  if (help) {
    const note = element("p", { className: "help", id: `${input.id}-help`, textContent: help })
    input.setAttribute("aria-describedby", note.id)
    parts.push(note)
  }
  return element("div", { className: "desk-picture-dialog__field" }, parts)
}

function csrfToken() {
  return document.querySelector("input[name=csrfmiddlewaretoken]")?.value || ""
}

function openDialog(editor, { picker, upload, strings }) {
  let chosen = null
  const query = element("input", { type: "search", name: "q" })
  const results = element("ul", { className: "desk-picture-dialog__results" })
  const status = element("p", { className: "desk-picture-dialog__status", role: "status" })
  const file = element("input", { type: "file", name: "file", accept: "image/jpeg,image/png,image/webp,image/gif" })
  const alt = element("input", { type: "text", name: "alt_text", maxLength: 300, required: true })
  const caption = element("input", { type: "text", name: "caption", maxLength: 500 })
  const credit = element("input", { type: "text", name: "credit", maxLength: 200 })
  const error = element("p", { className: "errornote", role: "alert", hidden: true })
  const insert = element("button", { type: "submit", className: "default", textContent: strings.insert })
  const cancel = element("button", { type: "button", textContent: strings.cancel })
  const searchButton = element("button", { type: "button", textContent: strings.searchButton })
  const form = element("form", { method: "dialog", noValidate: true }, [
    element("h2", { textContent: strings.title }),
    error,
    field(strings.search, query),
    searchButton,
    results,
    status,
    field(strings.orUpload, file),
    field(strings.alt, alt, strings.altHelp),
    field(strings.caption, caption),
    field(strings.credit, credit),
    element("div", { className: "submit-row" }, [insert, cancel]),
  ])
  const dialog = element("dialog", { className: "desk-picture-dialog" }, [form])
  dialog.setAttribute("aria-label", strings.title)
  document.body.append(dialog)

  const choose = (picture, button) => {
    chosen = picture
    file.value = ""
    results.querySelectorAll("[aria-pressed]").forEach((b) => b.setAttribute("aria-pressed", "false"))
    button.setAttribute("aria-pressed", "true")
    alt.value = picture.alt
    caption.value = picture.caption
    credit.value = picture.credit
    status.textContent = `${strings.chosen} ${picture.alt}`
  }

  const search = async () => {
    const address = `${picker}?${new URLSearchParams({ q: query.value })}`
    const answer = await fetch(address, { credentials: "same-origin" })
    const { results: found } = await answer.json()
    results.replaceChildren(
      ...found.map((picture) => {
        const button = element("button", { type: "button" }, [
          element("img", { src: picture.thumbnail, alt: "", width: 96 }),
          element("span", { textContent: picture.alt }),
        ])
        button.setAttribute("aria-pressed", "false")
        button.dataset.image = picture.id
        button.addEventListener("click", () => choose(picture, button))
        return element("li", {}, [button])
      })
    )
    status.textContent = found.length ? "" : strings.none
  }

  const fail = (message) => {
    error.textContent = message
    error.hidden = false
  }

  const uploaded = async () => {
    const data = new FormData()
    data.append("file", file.files[0])
    data.append("alt_text", alt.value.trim())
    data.append("caption", caption.value.trim())
    data.append("credit", credit.value.trim())
    status.textContent = strings.uploading
    const answer = await fetch(upload, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken() },
    })
    const body = await answer.json()
    status.textContent = ""
    if (!answer.ok) {
      const messages = Object.values(body.errors || {}).flat().map((e) => e.message)
      fail(`${strings.failed} ${messages.join(" ")}`)
      return null
    }
    return body
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault()
    error.hidden = true
    if (!alt.value.trim()) {
      fail(strings.altMissing)
      alt.focus()
      return
    }
    const picture = file.files.length ? await uploaded() : chosen
    if (!picture) {
      if (error.hidden) fail(strings.chooseMissing)
      return
    }
    // At the end of the selection: a picture chosen before stays, nothing is replaced.
    editor
      .chain()
      .focus()
      .insertContentAt(editor.state.selection.to, {
        type: "newsFigure",
        attrs: {
          image: String(picture.id),
          src: picture.src,
          alt: alt.value.trim(),
          caption: caption.value.trim(),
          credit: credit.value.trim(),
        },
      })
      .run()
    dialog.close()
  })
  searchButton.addEventListener("click", search)
  query.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault()
      search()
    }
  })
  file.addEventListener("change", () => {
    chosen = null
    status.textContent = ""
  })
  cancel.addEventListener("click", () => dialog.close())
  dialog.addEventListener("close", () => dialog.remove())
  dialog.showModal()
  search()
}
