// The focal point of a picture in the desk: a click on the preview sets the two fields
// (fractions of the width and height) and a mark shows the point; typing in the fields
// moves the mark. Without this script the fields alone do the job.
"use strict";
{
  function start(box) {
    const picture = box.querySelector("img")
    const across = document.getElementById("id_focal_x")
    const down = document.getElementById("id_focal_y")
    if (!picture || !across || !down) return
    const mark = document.createElement("span")
    mark.className = "desk-focal__mark"
    mark.setAttribute("aria-hidden", "true")
    box.querySelector(".desk-focal__picture").append(mark)
    const show = () => {
      const x = parseFloat(across.value)
      const y = parseFloat(down.value)
      const set = !Number.isNaN(x) && !Number.isNaN(y)
      mark.hidden = !set
      if (set) {
        mark.style.left = `${x * 100}%`
        mark.style.top = `${y * 100}%`
      }
    }
    box.querySelector(".desk-focal__picture").addEventListener("click", (event) => {
      const area = picture.getBoundingClientRect()
      if (event.clientX === 0 && event.clientY === 0 && event.detail === 0) return // a key
      const fraction = (offset, size) => Math.min(1, Math.max(0, offset / size)).toFixed(3)
      across.value = fraction(event.clientX - area.left, area.width)
      down.value = fraction(event.clientY - area.top, area.height)
      show()
    })
    across.addEventListener("input", show)
    down.addEventListener("input", show)
    show()
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-desk-focal]").forEach(start)
  })
}
