// The body editor's embeds: our own markup, <figure data-embed="ID"></figure>, shown in the
// editor as a labelled block. "Insert embed" asks for an address, has the desk resolve it
// (desk/admin/embeds.py, "paste/") and inserts the embed it answers with; a refused
// address is said so. Readers see a placeholder made from the embed (readers/embeds.py).
import { Node } from "../django_prose_editor/editor.js"

function csrfToken() {
  const field = document.querySelector("input[name=csrfmiddlewaretoken]")
  return field ? field.value : ""
}

async function insertEmbed(editor, options) {
  const address = window.prompt(options.prompt)
  if (!address || !address.trim()) return
  const body = new FormData()
  body.append("url", address.trim())
  let answer
  let response
  try {
    response = await fetch(options.pasteUrl, {
      method: "POST",
      body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken() },
    })
    answer = await response.json()
  } catch (error) {
    window.alert(options.failed)
    return
  }
  if (!response.ok) {
    window.alert(answer.error || options.failed)
    return
  }
  const label = `${answer.provider}: ${answer.title || answer.url}`
  editor
    .chain()
    .focus()
    .insertContent({ type: "newsroomEmbed", attrs: { id: String(answer.id), label } })
    .run()
}

export const NewsroomEmbed = Node.create({
  name: "newsroomEmbed",
  group: "block",
  atom: true,
  draggable: true,
  addOptions() {
    return { pasteUrl: "", name: "Embed", label: "Insert embed", prompt: "Address", failed: "Failed" }
  },
  addAttributes() {
    return {
      id: {
        default: null,
        parseHTML: (element) => element.getAttribute("data-embed"),
        renderHTML: (attributes) => ({ "data-embed": attributes.id }),
      },
      label: { default: "", rendered: false },
    }
  },
  parseHTML() {
    return [{ tag: "figure[data-embed]" }]
  },
  renderHTML({ HTMLAttributes }) {
    return ["figure", HTMLAttributes]
  },
  addNodeView() {
    return ({ node }) => {
      const dom = document.createElement("figure")
      dom.className = "desk-embed"
      dom.dataset.embed = node.attrs.id
      dom.textContent = `▶ ${node.attrs.label || `${this.options.name} #${node.attrs.id}`}`
      return { dom }
    }
  },
  addMenuItems({ menu, buttons }) {
    const options = this.options
    menu.defineItem({
      name: "newsroomEmbed",
      groups: "nodes",
      button: buttons.material("smart_display", options.label),
      command(editor) {
        insertEmbed(editor, options)
      },
    })
  },
})

// The options from the body's textarea (desk/forms.py BodyEditorWidget).
NewsroomEmbed.optionsFrom = (textarea) => ({
  pasteUrl: textarea.dataset.embedPasteUrl,
  name: textarea.dataset.embedName,
  label: textarea.dataset.embedLabel,
  prompt: textarea.dataset.embedPrompt,
  failed: textarea.dataset.embedFailed,
})
