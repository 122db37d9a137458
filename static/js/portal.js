// Behaviour shared by the portal's pages, attached from data-attributes: the Content-Security-Policy
// allows no inline scripts or on*= handlers in the HTML.
(function () {
  function ready(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }

  // <form data-confirm="…"> or <button type=submit data-confirm="…"> (the button's message wins):
  // sending the form first asks, in the page's #confirm-dialog (templates/base.html), with the
  // message; only its Confirm button sends the form, with the button first clicked (its name, value
  // and formaction). Listening on the document also covers forms that htmx swaps in later. Without
  // JavaScript the form is sent at once, as it always was.
  var pending = null; // {form, submitter} waiting for an answer

  function confirmMessage(form, submitter) {
    if (submitter && submitter.hasAttribute("data-confirm")) return submitter.getAttribute("data-confirm");
    return form.getAttribute("data-confirm");
  }

  function send(form, submitter) {
    form.setAttribute("data-confirmed", "");
    if (typeof form.requestSubmit === "function") {
      form.requestSubmit(submitter || undefined);
    } else {
      if (submitter && submitter.name) {
        var field = document.createElement("input");
        field.type = "hidden";
        field.name = submitter.name;
        field.value = submitter.value;
        form.appendChild(field);
      }
      if (submitter && submitter.hasAttribute("formaction")) form.action = submitter.formAction;
      form.submit();
    }
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    var submitter = event.submitter || null;
    var message = confirmMessage(form, submitter);
    if (!message) return;
    if (form.hasAttribute("data-confirmed")) {
      form.removeAttribute("data-confirmed"); // confirmed: this submission goes through
      return;
    }
    event.preventDefault();
    var dialog = document.getElementById("confirm-dialog");
    if (!dialog || !window.bootstrap) {
      if (window.confirm(message)) send(form, submitter); // no dialog on the page: the browser's own
      return;
    }
    pending = { form: form, submitter: submitter };
    dialog.querySelector("[data-confirm-message]").textContent = message;
    dialog.querySelector("[data-confirm-ok]").disabled = false;
    window.bootstrap.Modal.getOrCreateInstance(dialog).show();
  });

  ready(function () {
    // <a href="#" data-action="print">: print the page.
    document.querySelectorAll("[data-action=print]").forEach(function (el) {
      el.addEventListener("click", function (event) {
        event.preventDefault();
        window.print();
      });
    });

    var dialog = document.getElementById("confirm-dialog");
    if (!dialog) return;
    var ok = dialog.querySelector("[data-confirm-ok]");
    var returnFocus = null;
    dialog.addEventListener("shown.bs.modal", function () {
      // the safe answer has the focus: Enter or Escape cancels, Tab then Enter confirms
      dialog.querySelector("[data-confirm-cancel]").focus();
    });
    ok.addEventListener("click", function () {
      if (!pending) return;
      var chosen = pending;
      pending = null;
      ok.disabled = true; // one submission per confirmation
      window.bootstrap.Modal.getOrCreateInstance(dialog).hide();
      send(chosen.form, chosen.submitter);
    });
    dialog.addEventListener("hide.bs.modal", function () {
      if (pending) returnFocus = pending.submitter || pending.form.querySelector("[type=submit]");
      pending = null; // cancelled (Cancel, the close button, Escape or a click beside the dialog)
    });
    dialog.addEventListener("hidden.bs.modal", function () {
      if (returnFocus && document.contains(returnFocus)) returnFocus.focus();
      returnFocus = null;
    });
  });
})();
