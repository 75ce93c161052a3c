// The article form's authors (desk/forms.py, BylineWidget): the byline follows the order of
// the chosen names, and the form posts them in the order of their <option>s. A name picked
// goes to the end, even one removed and picked again, which Select2 would put back where its
// option was; the chosen names are shown again in that order.
"use strict";
// Once every script is in: the admin's jQuery may come after this one.
document.addEventListener("DOMContentLoaded", () => {
  const $ = window.django && window.django.jQuery;
  if (!$) {
    return;
  }
  $(document).on("select2:select", "select[data-desk-byline]", (event) => {
    const select = event.currentTarget;
    const id = String(event.params.data.id);
    const option = [...select.options].find((candidate) => candidate.value === id);
    if (option && option !== select.options[select.options.length - 1]) {
      select.append(option);
      $(select).trigger("change");
    }
  });
});
