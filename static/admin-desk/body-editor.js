// Starts django-prose-editor on the article body. The package's own loader resolves
// "django-prose-editor/editor" through an inline import map, which our CSP
// (script-src 'self') refuses, so this module imports the editor by its address.
import * as prose from "../django_prose_editor/editor.js"
import { NewsroomEmbed } from "./embed-node.js"
import { pictureNode } from "./picture-dialog.js"

// Our own extensions, configured from the textarea's data attributes.
const ours = { NewsroomEmbed }

const marker = "data-django-prose-editor-configurable"

function emptyToBlank(html) {
  // ProseMirror always keeps one empty paragraph; an empty body is stored empty.
  return /^<(\w+)(\s[^>]*)?><\/\1>$/i.test(html) ? "" : html
}

// The toolbar's titles, aria-labels and block styles are English in the editor's code;
// /admin/editor-labels.js (desk/editor_labels.py) gives them in the desk's language.
const labels = window.deskEditorLabels || {}

function relabel(root) {
  for (const element of root.querySelectorAll("[title], [aria-label]")) {
    for (const name of ["title", "aria-label"]) {
      const value = element.getAttribute(name)
      if (value && labels[value] && labels[value] !== value) element.setAttribute(name, labels[value])
    }
  }
  for (const option of root.querySelectorAll(".prose-menubar__option > *")) {
    const text = option.textContent
    if (labels[text] && labels[text] !== text) option.textContent = labels[text]
  }
  // A dialog's choices: the editor reads the English value, readers see the label.
  for (const option of root.querySelectorAll("option")) {
    if (!option.closest("dialog")) continue
    const text = option.textContent
    if (!labels[text] || labels[text] === text) continue
    if (!option.hasAttribute("value")) option.value = text
    option.textContent = labels[text]
  }
}

function keepRelabelled(element) {
  relabel(element)
  // Menus are drawn again as the selection moves: relabel what they bring.
  new MutationObserver(() => relabel(element)).observe(element, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ["title", "aria-label"],
  })
}

function createEditor(textarea) {
  if (textarea.closest(".prose-editor")) return
  const config = JSON.parse(textarea.getAttribute(marker) || "{}")
  const extensions = Object.entries(config.extensions || {}).flatMap(([name, options]) => {
    if (ours[name]) return [ours[name].configure(ours[name].optionsFrom(textarea))]
    const extension = prose[name]
    if (!extension) return []
    return [typeof options === "object" ? extension.configure(options) : extension]
  })
  // Our own figures of library pictures, and the dialog that inserts them.
  const pictures = textarea.getAttribute("data-desk-pictures")
  if (pictures) extensions.push(pictureNode(prose, JSON.parse(pictures)))
  const disabled = textarea.hasAttribute("disabled")
  const element = document.createElement("div")
  element.className = disabled ? "prose-editor disabled" : "prose-editor"
  textarea.before(element)
  element.append(textarea)
  const editor = new prose.Editor({
    element,
    extensions,
    editable: !disabled,
    content: textarea.value,
    // Tiptap would add its base styles in a <style> element, which the CSP refuses;
    // desk.css carries them instead.
    injectCSS: false,
    onUpdate({ editor }) {
      textarea.value = emptyToBlank(editor.getHTML())
      textarea.dispatchEvent(new Event("input", { bubbles: true }))
    },
  })
  keepRelabelled(element)
  return editor
}

// The editor's dialogs are added to the page when opened.
new MutationObserver((changes) => {
  for (const change of changes) {
    for (const node of change.addedNodes) {
      if (node.nodeType === Node.ELEMENT_NODE && node.matches("dialog")) relabel(node)
    }
  }
}).observe(document.body, { childList: true })

prose.initializeEditors(createEditor, `[${marker}]`)
