// Live reports: new updates appear without reloading. Every so often the page asks its
// updates' address (the newest ones as HTML, kept by the site's caches) with the ETag of
// the last answer; 304 means nothing changed. New updates go on top, changed ones are
// replaced in place. Without JavaScript, reloading the page shows them.
const live = document.querySelector("[data-live-url]")
if (live) {
  const seconds = Math.max(1, Number(live.dataset.liveSeconds) || 30)
  let etag = null
  let timer = null
  let closed = false

  function sameOrigin(url) {
    return new URL(url, location.href).origin === location.origin
  }

  function merge(fragment) {
    const closed = fragment.querySelector("[data-live-closed]")
    if (closed && !live.querySelector("[data-live-closed]")) {
      live.querySelector("[data-live-status]").replaceWith(closed)
    }
    const lists = {
      pinned: live.querySelector("[data-live-list=pinned]"),
      latest: live.querySelector("[data-live-list=latest]"),
    }
    // Oldest first, so each new one ends up above the ones that came before it.
    const fresh = [...fragment.querySelectorAll("[data-live-update]")].reverse()
    for (const update of fresh) {
      const shown = document.getElementById(update.id)
      const list = lists[update.dataset.liveUpdate]
      if (shown) {
        if (shown.outerHTML !== update.outerHTML) shown.replaceWith(update)
      } else if (list) {
        list.prepend(update)
      }
    }
  }

  async function poll() {
    try {
      const response = await fetch(live.dataset.liveUrl, {
        cache: "no-store",
        credentials: "same-origin",
        headers: etag ? { "If-None-Match": etag } : {},
      })
      if (response.status === 200 && sameOrigin(response.url)) {
        etag = response.headers.get("ETag")
        const template = document.createElement("template")
        template.innerHTML = await response.text()
        merge(template.content)
        closed = Boolean(template.content.querySelector("[data-live-closed]"))
        if (closed) return
      }
    } catch (error) {
      // Offline for a moment: the next poll tries again.
    }
    timer = setTimeout(poll, seconds * 1000)
  }

  document.addEventListener("visibilitychange", () => {
    clearTimeout(timer)
    if (!document.hidden && !closed) timer = setTimeout(poll, 1000)
  })
  timer = setTimeout(poll, seconds * 1000)
}
