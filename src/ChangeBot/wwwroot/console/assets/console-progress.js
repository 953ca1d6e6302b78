// Keeps the broadcast bar moving from the page's server-sent event stream; the page is complete without it.
const section = document.getElementById('broadcast');
if (section && section.dataset.done !== 'true' && 'EventSource' in window) {
  const bar = document.getElementById('broadcast-bar');
  const state = document.getElementById('broadcast-state');
  const source = new EventSource(section.dataset.stream);
  source.addEventListener('progress', (event) => {
    const counts = JSON.parse(event.data);
    for (const element of section.querySelectorAll('[data-count]')) {
      element.textContent = String(counts[element.dataset.count]);
    }
    bar.max = Math.max(1, counts.total);
    bar.value = counts.sent;
    bar.textContent = `${counts.total ? Math.round((100 * counts.sent) / counts.total) : 0}%`;
  });
  source.addEventListener('done', () => {
    source.close();
    section.dataset.done = 'true';
    state.textContent = 'Nothing is waiting to be sent. Reload to see the failures.';
  });
}
