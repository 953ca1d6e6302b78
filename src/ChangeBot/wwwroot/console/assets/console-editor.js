// The notice editor without a round trip per check: while the person types, the text is sent to the page's
// validate handler (same origin, with the form's antiforgery token) and the importer's errors are shown with
// the line they are on. The form works the same without this script.
const form = document.getElementById('notice-editor');
if (form) {
  const text = form.querySelector('textarea[name="text"]');
  const problems = document.getElementById('notice-problems');
  const token = form.querySelector('input[name="__RequestVerificationToken"]').value;
  let timer = 0;
  let sent = 0;

  const show = (result, lines) => {
    problems.replaceChildren();
    if (result.valid) {
      const ok = document.createElement('p');
      ok.className = 'ok';
      ok.textContent = 'No problems found.';
      problems.append(ok);
      return;
    }
    const heading = document.createElement('h2');
    heading.textContent = `${result.errors.length} problem${result.errors.length === 1 ? '' : 's'}`;
    const list = document.createElement('ul');
    list.className = 'problems';
    for (const error of result.errors) {
      const item = document.createElement('li');
      item.dataset.line = String(error.line);
      if (error.line > 0) {
        const where = document.createElement('span');
        where.className = 'line';
        where.textContent = `Line ${error.line}:`;
        item.append(where, ` ${error.message} `);
        if (error.line <= lines.length) {
          const code = document.createElement('code');
          code.className = 'source-line';
          code.textContent = lines[error.line - 1];
          item.append(code);
        }
      } else {
        item.textContent = error.message;
      }
      list.append(item);
    }
    problems.append(heading, list);
  };

  const validate = async () => {
    const id = ++sent;
    const body = new URLSearchParams({ text: text.value });
    const response = await fetch(form.dataset.validate, {
      method: 'POST',
      headers: { 'RequestVerificationToken': token },
      body,
      credentials: 'same-origin',
    });
    if (!response.ok || id !== sent) {
      return;
    }
    show(await response.json(), text.value.replace(/\r\n?/g, '\n').split('\n'));
  };

  text.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(validate, 300);
  });
}
