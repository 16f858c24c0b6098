// When the session has ended, an htmx request is answered 499 rather than redirected to Keycloak (a cross-origin
// redirect an XMLHttpRequest cannot follow): reload the page, which goes through the login.
document.addEventListener('htmx:responseError', function (event) {
  if (event.detail.xhr && event.detail.xhr.status === 499) {
    window.location.reload();
  }
});
