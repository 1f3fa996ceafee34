// "Copy" buttons beside citations. Without JavaScript (or a clipboard) the
// buttons stay hidden and the text stays selectable.
(function () {
  if (!navigator.clipboard) return;
  document.querySelectorAll('button[data-copy]').forEach(function (button) {
    var source = document.getElementById(button.getAttribute('data-copy'));
    if (!source) return;
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener('click', function () {
      navigator.clipboard.writeText(source.textContent.trim()).then(function () {
        button.textContent = button.getAttribute('data-done');
        setTimeout(function () { button.textContent = label; }, 2000);
      });
    });
  });
})();
