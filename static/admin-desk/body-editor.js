// Starts django-prose-editor on the article body. The package's own loader resolves
// "django-prose-editor/editor" through an inline import map, which our CSP
// (script-src 'self') refuses, so this module imports the editor by its address.
import * as prose from "../django_prose_editor/editor.js"
import { NewsroomEmbed } from "./embed-node.js"

// Our own extensions, configured from the textarea's data attributes.
const ours = { NewsroomEmbed }

const marker = "data-django-prose-editor-configurable"

function emptyToBlank(html) {
  // ProseMirror always keeps one empty paragraph; an empty body is stored empty.
  return /^<(\w+)(\s[^>]*)?><\/\1>$/i.test(html) ? "" : html
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
  const disabled = textarea.hasAttribute("disabled")
  const element = document.createElement("div")
  element.className = disabled ? "prose-editor disabled" : "prose-editor"
  textarea.before(element)
  element.append(textarea)
  new prose.Editor({
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
}

prose.initializeEditors(createEditor, `[${marker}]`)
