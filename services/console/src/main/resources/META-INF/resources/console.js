// htmx requests say they are scripted, so that after the session has ended Quarkus answers 499 rather than redirecting
// them to Keycloak (a cross-origin redirect an XMLHttpRequest cannot follow).
// Those that post also carry the page's CSRF token in a header, whatever form (if any) they come from.
document.addEventListener('htmx:configRequest', function (event) {
  event.detail.headers['X-Requested-With'] = 'XMLHttpRequest';
  const header = document.querySelector('meta[name="csrf-header"]');
  const token = document.querySelector('meta[name="csrf-token"]');
  if (event.detail.verb !== 'get' && header && token) {
    event.detail.headers[header.content] = token.content;
  }
});

// Such a 499: reload the page, which goes through the login.
document.addEventListener('htmx:responseError', function (event) {
  if (event.detail.xhr && event.detail.xhr.status === 499) {
    window.location.reload();
  }
});

// The import's upload progress, from the request htmx sends the file with.
document.addEventListener('htmx:xhr:progress', function (event) {
  const bar = document.getElementById('upload-progress');
  if (bar && event.detail.lengthComputable) {
    bar.value = Math.round(event.detail.loaded / event.detail.total * 100);
  }
});

// The firmware upload: the image travels as the request's body, which the console streams on to the firmware API,
// and what the form says of it in the query string; the bar follows the upload. Without this script the form posts
// multipart, which the console takes too. The page that answers replaces this one's content.
document.addEventListener('submit', function (event) {
  const form = event.target;
  if (form.id !== 'firmware-upload') {
    return;
  }
  const file = form.querySelector('input[type=file]').files[0];
  if (!file) {
    return;
  }
  event.preventDefault();
  const max = Number(form.dataset.maxBytes);
  if (file.size > max) {
    showUploadError('The image has ' + file.size + ' bytes; a firmware image may have at most '
        + form.dataset.maxText + ' (' + max + ' bytes).');
    return;
  }
  const query = new URLSearchParams();
  const headers = [];
  for (const field of form.elements) {
    if (!field.name || field.type === 'file' || field.value === '') {
      continue;
    }
    if (field.type === 'hidden') {
      // the CSRF token: a header, since the body is the image
      headers.push(['X-CSRF-TOKEN', field.value]);
    } else {
      query.append(field.name, field.value);
    }
  }
  const xhr = new XMLHttpRequest();
  const box = document.getElementById('firmware-progress');
  const bar = document.getElementById('firmware-progress-bar');
  const text = document.getElementById('firmware-progress-text');
  const button = form.querySelector('button[type=submit]');
  box.hidden = false;
  button.disabled = true;
  xhr.open('POST', form.action + '?' + query.toString());
  xhr.setRequestHeader('Content-Type', 'application/octet-stream');
  xhr.setRequestHeader('X-Requested-With', 'XMLHttpRequest');
  headers.forEach(function (header) {
    xhr.setRequestHeader(header[0], header[1]);
  });
  xhr.upload.addEventListener('progress', function (progress) {
    if (progress.lengthComputable) {
      const percent = Math.round(progress.loaded / progress.total * 100);
      bar.value = percent;
      text.textContent = percent === 100 ? '100 %, checking the image…' : percent + ' %';
    }
  });
  xhr.addEventListener('load', function () {
    if (xhr.status === 499) {
      window.location.reload();
      return;
    }
    const answer = new DOMParser().parseFromString(xhr.responseText, 'text/html').getElementById('main');
    if (xhr.status === 200 && answer) {
      document.getElementById('main').innerHTML = answer.innerHTML;
      const result = document.getElementById('uploaded') || document.getElementById('upload-problem');
      if (result) {
        result.setAttribute('tabindex', '-1');
        result.focus();
      }
    } else if (xhr.status === 413) {
      showUploadError('The image is larger than the console takes (' + form.dataset.maxText + ').');
    } else {
      showUploadError('The upload failed: the console answered ' + xhr.status + '.');
    }
  });
  xhr.addEventListener('error', function () {
    showUploadError('The upload was interrupted; nothing was stored. Try again.');
  });
  xhr.send(file);
});

function showUploadError(message) {
  const result = document.getElementById('upload-result');
  const box = document.getElementById('firmware-progress');
  const button = document.querySelector('#firmware-upload button[type=submit]');
  if (box) {
    box.hidden = true;
  }
  if (button) {
    button.disabled = false;
  }
  result.innerHTML = '';
  const problem = document.createElement('div');
  problem.className = 'problem';
  problem.id = 'upload-problem';
  problem.setAttribute('role', 'alert');
  const label = document.createElement('strong');
  label.textContent = 'Error:';
  problem.append(label, ' ' + message);
  result.append(problem);
}

// A CSV file larger than the import takes is refused before it is read (413, a sentence): show the sentence.
document.addEventListener('htmx:responseError', function (event) {
  const result = document.getElementById('import-result');
  if (result && event.detail.xhr && event.detail.xhr.status === 413) {
    result.innerHTML = '';
    const problem = document.createElement('div');
    problem.className = 'problem';
    problem.id = 'problem';
    problem.setAttribute('role', 'alert');
    const label = document.createElement('strong');
    label.textContent = 'Error:';
    problem.append(label, ' ' + event.detail.xhr.responseText);
    result.append(problem);
  }
});
