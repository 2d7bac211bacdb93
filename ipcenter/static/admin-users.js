// The users page: grey out the roles the chosen organisation's kind does not allow (the
// server checks again). The allowed roles come in the form's data-roles-by-org attribute.
(function () {
  var form = document.querySelector('[data-testid=user-form]');
  if (!form) { return; }
  var allowed = JSON.parse(form.getAttribute('data-roles-by-org') || '{}');
  var select = form.querySelector('select[name=organisation]');
  function update() {
    var roles = allowed[select.value] || [];
    form.querySelectorAll('input[name=roles]').forEach(function (box) {
      box.disabled = roles.indexOf(box.value) < 0;
      if (box.disabled) { box.checked = false; }
    });
  }
  if (select) { select.addEventListener('change', update); update(); }
})();
