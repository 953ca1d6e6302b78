// The console works without this script; it only shows UTC times in the reader's own time zone.
for (const time of document.querySelectorAll('time[data-local]')) {
  const at = new Date(time.getAttribute('datetime'));
  if (!Number.isNaN(at.getTime())) {
    time.title = time.textContent;
    // dateStyle/timeStyle cannot be combined with timeZoneName, so the parts are named one by one.
    time.textContent = at.toLocaleString(undefined, {
      year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short',
    });
  }
}
