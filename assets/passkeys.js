// gatehouse: the few lines WebAuthn needs, on the pages that offer
// passkeys (no other page has a script). A button with data-passkey="add"
// or "sign-in" runs a ceremony: the options from the server, the browser's
// passkey dialog, the answer back; then the server says where to go. Without
// JavaScript the buttons stay hidden and the password works as ever.
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
    if (out) {
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

  async function signIn(button) {
    const token = button.dataset.csrf;
    const started = await post("/login/passkey/start", {}, token);
    const credential = await navigator.credentials.get({
      publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(started.publicKey),
    });
    const done = await post(
      "/login/passkey/finish",
      {
        ceremony: started.ceremony,
        credential: credential.toJSON(),
        next: button.dataset.next || null,
        rd: button.dataset.rd || null,
        remember: button.dataset.remember === "true",
      },
      token
    );
    window.location.assign(done.location);
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
      const ceremony = button.dataset.passkey === "add" ? add(button) : signIn(button);
      ceremony.catch(function (error) {
        button.disabled = false;
        say(button, error.name === "NotAllowedError" ? button.dataset.cancelled : error.message);
      });
    });
  });
})();
