// Embeds: the provider's player is loaded only when the reader asks for it. Until then the
// placeholder (our thumbnail, title and a button) is a link to the original, which is what
// a reader without JavaScript follows. The frame's address is the one the page carries in
// data-embed-player, built by the site from the provider's known player form.
document.addEventListener("click", (event) => {
  const placeholder = event.target.closest("[data-embed-player]")
  if (!placeholder || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) {
    return
  }
  event.preventDefault()
  const frame = document.createElement("iframe")
  frame.className = "embed__frame"
  frame.src = placeholder.dataset.embedPlayer
  frame.title = placeholder.dataset.embedTitle || ""
  frame.allow = "autoplay; encrypted-media; fullscreen; picture-in-picture"
  frame.allowFullscreen = true
  frame.referrerPolicy = "strict-origin-when-cross-origin"
  placeholder.replaceWith(frame)
  frame.focus()
})
