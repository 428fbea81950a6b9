// Keyboard rating on an entry's page: look, press, next. 1-5 give stars, f favourite, x reject
// (each then opens the next entry); n opens the next entry without rating.
document.addEventListener('keydown', function (event) {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  var target = event.target;
  if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable)) return;
  var form = document.getElementById('rate');
  if (!form) return;
  var action = null;
  if (event.key >= '1' && event.key <= '5') action = 'stars:' + event.key;
  else if (event.key === 'f') action = 'favourite';
  else if (event.key === 'x') action = 'reject';
  else if (event.key === 'n') {
    var next = document.getElementById('next-entry');
    if (next) window.location.href = next.href;
    return;
  }
  if (action === null) return;
  event.preventDefault();
  document.getElementById('rate-next').value = '1';
  var button = document.createElement('input');
  button.type = 'hidden';
  button.name = 'do';
  button.value = action;
  form.appendChild(button);
  form.submit();
});
