// Who else has this article open: the change form checks in every half minute and shows
// the desk's answer, so an editor sees a colleague arrive or leave without reloading.
"use strict";
{
  const HEARTBEAT_MS = 30000;

  document.addEventListener("DOMContentLoaded", () => {
    const banner = document.querySelector("[data-desk-presence]");
    const token = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (!banner || !token) return;
    const checkIn = async () => {
      try {
        const response = await fetch(banner.dataset.deskPresence, {
          method: "POST",
          headers: { "X-CSRFToken": token.value },
          credentials: "same-origin",
        });
        if (!response.ok) return;
        const { message } = await response.json();
        banner.textContent = message;
        banner.hidden = !message;
      } catch {
        // Offline for a moment: the next beat tries again.
      }
    };
    setInterval(checkIn, HEARTBEAT_MS);
  });
}
