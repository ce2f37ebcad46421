// gatehouse: the few lines WebAuthn needs, on the pages that offer
// passkeys (no other page has a script). A button with data-passkey="add",
// "sign-in" or "remove" (data-url: the passkey's) runs a ceremony: the
// options from the server, the browser's passkey dialog, the answer back;
// then the server says where to go. On the sign-in page the email field's
// autofill offers the passkeys too. Without JavaScript the buttons stay
// hidden and the password works as ever.
(function () {
  "use strict";

  // A refusal the server explained (its message is in the reader's language).
  class Said extends Error {}

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
      throw new Said(data.error || answer.statusText);
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

  // What to tell the person when a ceremony fails.
  function explain(button, error) {
    if (error instanceof Said) {
      return error.message;
    }
    return error.name === "NotAllowedError" ? button.dataset.cancelled : button.dataset.failed;
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

  // A ceremony with a passkey the person has: the options from `url`/start,
  // the browser's dialog (or, with `signal`, its autofill), the answer to
  // `url`/finish with what `extra()` gives once a passkey is picked
  // (`picked()` is told then); then on to where the server says.
  async function confirm(button, url, extra, autofill) {
    const token = button.dataset.csrf;
    const started = await post(url + "/start", {}, token);
    const request = {
      publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(started.publicKey),
    };
    if (autofill) {
      request.mediation = "conditional";
      request.signal = autofill.signal;
    }
    const credential = await navigator.credentials.get(request);
    if (autofill) {
      autofill.picked = true;
    }
    const body = Object.assign({ ceremony: started.ceremony, credential: credential.toJSON() }, extra());
    const done = await post(url + "/finish", body, token);
    window.location.assign(done.location);
  }

  function signIn(button, autofill) {
    // Read when a passkey is picked: the box may be ticked after the page loads.
    const where = function () {
      const remember = document.querySelector('input[name="remember"]');
      return {
        next: button.dataset.next || null,
        rd: button.dataset.rd || null,
        remember: remember ? remember.checked : false,
      };
    };
    return confirm(button, "/login/passkey", where, autofill);
  }

  // The autofill request waiting in the email field, if any; a button's
  // own ceremony ends it first (a browser runs one request at a time), and
  // none starts while a button's runs.
  let autofill = null;
  let buttonBusy = false;
  // A ceremony waits five minutes on the server: the autofill's is renewed before.
  const RENEW_MS = 270 * 1000;

  function stopAutofill() {
    if (autofill) {
      autofill.abort();
      autofill = null;
    }
  }

  // The browser's autofill on the email field offers this site's passkeys
  // where it can; picking one signs in as the button does. Nothing is said
  // when it ends unused (the person is typing their password, or the server
  // is busy): only what goes wrong after a passkey was picked.
  async function offerInAutofill(button) {
    const field = document.querySelector('input[autocomplete~="webauthn"]');
    if (!field || typeof PublicKeyCredential.isConditionalMediationAvailable !== "function") {
      return;
    }
    if (!(await PublicKeyCredential.isConditionalMediationAvailable()) || buttonBusy) {
      return;
    }
    stopAutofill();
    const mine = new AbortController();
    autofill = mine;
    const renew = setTimeout(function () {
      if (autofill === mine && !mine.picked) {
        stopAutofill();
        offerInAutofill(button).catch(function () {});
      }
    }, RENEW_MS);
    try {
      await signIn(button, mine);
    } catch (error) {
      if (mine.picked) {
        say(button, explain(button, error));
        if (autofill === mine) {
          autofill = null;
          offerInAutofill(button).catch(function () {});
        }
      }
    } finally {
      clearTimeout(renew);
    }
  }

  function run(button) {
    stopAutofill();
    switch (button.dataset.passkey) {
      case "add":
        return add(button);
      case "remove":
        return confirm(button, button.dataset.url, function () {
          return {};
        });
      default:
        return signIn(button);
    }
  }

  const usable =
    window.PublicKeyCredential &&
    typeof PublicKeyCredential.parseCreationOptionsFromJSON === "function" &&
    typeof PublicKeyCredential.parseRequestOptionsFromJSON === "function";

  document.querySelectorAll("[data-passkey]").forEach(function (button) {
    if (!usable) {
      say(button, button.dataset.unsupported);
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function (event) {
      event.preventDefault();
      button.disabled = true;
      buttonBusy = true;
      run(button).catch(function (error) {
        button.disabled = false;
        buttonBusy = false;
        say(button, explain(button, error));
        if (button.dataset.passkey === "sign-in") {
          offerInAutofill(button).catch(function () {});
        }
      });
    });
    if (button.dataset.passkey === "sign-in") {
      offerInAutofill(button).catch(function () {});
    }
  });
})();
