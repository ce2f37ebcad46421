// gatehouse: the few lines WebAuthn needs, on the pages that offer
// passkeys (no other page has a script). A button with data-passkey="add",
// "sign-in" or "remove" (data-url: the passkey's) runs a ceremony: the
// options from the server, the browser's passkey dialog, the answer back;
// then the server says where to go. On the sign-in page the email field's
// autofill offers the passkeys too. Without JavaScript the buttons stay
// hidden and the password works as ever.
(function () {
  "use strict";

  async function post(url, body, token) {
    const answer = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": token },
      body: JSON.stringify(body),
    });
    let data = {};
    try {
      data = await answer.json();
    } catch (e) {
      data = {};
    }
    if (!answer.ok) {
      throw new Error(data.error || answer.statusText);
    }
    return data;
  }

  function say(button, text) {
    const out = document.getElementById(button.dataset.status);
    if (out && text) {
      out.textContent = text;
      out.hidden = false;
    }
  }

  async function add(button) {
    const name = button.form ? button.form.elements.name.value : "";
    const token = button.dataset.csrf;
    const started = await post("/account/passkeys/start", {}, token);
    const credential = await navigator.credentials.create({
      publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(started.publicKey),
    });
    const done = await post(
      "/account/passkeys/finish",
      { ceremony: started.ceremony, name: name, credential: credential.toJSON() },
      token
    );
    window.location.assign(done.location);
  }

  // The autofill request waiting in the email field, if any: a button's
  // own ceremony ends it first (a browser runs one request at a time).
  let waiting = null;

  // A ceremony with a passkey the person has: the options from `url`/start,
  // the browser's dialog (or its autofill, `mediation`), the answer to
  // `url`/finish with `extra`; then on to where the server says.
  async function confirm(button, url, extra, mediation) {
    const token = button.dataset.csrf;
    const mine = mediation ? new AbortController() : null;
    waiting = mine || waiting;
    const started = await post(url + "/start", {}, token);
    const request = {
      publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(started.publicKey),
    };
    if (mine) {
      request.mediation = mediation;
      request.signal = mine.signal;
    }
    const credential = await navigator.credentials.get(request);
    waiting = null;
    const body = Object.assign({ ceremony: started.ceremony, credential: credential.toJSON() }, extra);
    const done = await post(url + "/finish", body, token);
    window.location.assign(done.location);
  }

  function signIn(button, mediation) {
    const remember = document.querySelector('input[name="remember"]');
    const where = {
      next: button.dataset.next || null,
      rd: button.dataset.rd || null,
      remember: remember ? remember.checked : false,
    };
    return confirm(button, "/login/passkey", where, mediation);
  }

  function run(button) {
    if (waiting) {
      waiting.abort();
      waiting = null;
    }
    switch (button.dataset.passkey) {
      case "add":
        return add(button);
      case "remove":
        return confirm(button, button.dataset.url, {});
      default:
        return signIn(button);
    }
  }

  // The browser's autofill on the email field offers this site's passkeys
  // where it can; picking one signs in as the button does. Nothing is said
  // when it ends unused: the person is typing their password.
  async function offerInAutofill(button) {
    const field = document.querySelector('input[autocomplete~="webauthn"]');
    if (!field || typeof PublicKeyCredential.isConditionalMediationAvailable !== "function") {
      return;
    }
    if (!(await PublicKeyCredential.isConditionalMediationAvailable())) {
      return;
    }
    try {
      await signIn(button, "conditional");
    } catch (error) {
      if (error.name !== "AbortError" && error.name !== "NotAllowedError") {
        say(button, error.message);
      }
    }
  }

  const usable =
    window.PublicKeyCredential &&
    typeof PublicKeyCredential.parseCreationOptionsFromJSON === "function";

  document.querySelectorAll("[data-passkey]").forEach(function (button) {
    if (!usable) {
      say(button, button.dataset.unsupported);
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function (event) {
      event.preventDefault();
      button.disabled = true;
      run(button).catch(function (error) {
        button.disabled = false;
        say(button, error.name === "NotAllowedError" ? button.dataset.cancelled : error.message);
      });
    });
    if (button.dataset.passkey === "sign-in") {
      offerInAutofill(button);
    }
  });
})();
