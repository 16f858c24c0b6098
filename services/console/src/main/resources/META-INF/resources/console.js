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
