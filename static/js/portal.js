// Behaviour shared by the portal's pages, attached from data-attributes: the Content-Security-Policy
// allows no inline scripts or on*= handlers in the HTML.
(function () {
  function ready(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }
  ready(function () {
    // <a href="#" data-action="print">: print the page.
    document.querySelectorAll("[data-action=print]").forEach(function (el) {
      el.addEventListener("click", function (event) {
        event.preventDefault();
        window.print();
      });
    });
  });
})();
