/* Casebook case form: autosave that never loses words.
 *
 * The form works without this file (a plain POST of the whole form with a Save button). With it:
 * - changes save through htmx a moment after the inspector stops typing, one save at a time;
 *   a save sends only the items edited since the last one — answer, evidence and the short
 *   token (t_) of what the item held when the page had it — never the rest of the page, and the
 *   server answers with the status line and the items' new tokens;
 * - evidence longer than the limit (the character count's data-maxlength) is not sent: the status
 *   says which item to shorten, and the save goes ahead once it fits;
 * - the status line says "Saving…", "Saved at 14:32", or that a save failed and will be retried
 *   (the text stays in the page, nothing is cleared on failure);
 * - the server answers 409 when someone else saved the same answers: both versions appear in the
 *   page and autosave pauses until the inspector chooses (a plain submit of the whole form);
 * - when the tab is hidden the pending change saves at once; when the page goes away a last save
 *   is sent with navigator.sendBeacon (or fetch keepalive);
 * - unsaved text is also kept in the browser's localStorage until the server acknowledges it, so a
 *   closed tab, a crash or a flat battery while offline loses nothing. The key is
 *   "casebook:draft:<owner>:<case>:<standard>" (data-cb-draft-key; <owner> is a non-reversible key
 *   for the signed-in user rendered by the server), the value JSON:
 *   {v: 1, at: <ms since 1970 of the last keep>, values: {field: typed value},
 *    base: {hidden field: value, i.e. version, t_ item tokens, oq_ originals, as the page had them},
 *    items: [unsaved item slugs], attributes: [unsaved attribute names], submitted: bool}.
 *   When the page opens again (or after signing in again when the session had ended: the server
 *   answers 401, autosave pauses and the page offers "Sign in again") the kept text goes back into
 *   its fields and saves with the tokens it started from, so a change someone else made meanwhile
 *   comes back as a conflict instead of being overwritten. casebook-drafts.js removes drafts
 *   older than 12 hours or of another user on every page, and all of them on sign-out.
 */
(function () {
  "use strict";
  var form = document.querySelector("form[data-cb-autosave]");
  if (!form || !window.htmx || !window.FormData) {
    return;
  }
  var statusBox = document.getElementById("cb-save-status");
  var DEBOUNCE_MS = 1200;
  var MAX_RETRY_MS = 30000;
  var editSeq = 0; // bumped on every edit
  var sentSeq = 0; // edits up to here are in the request in flight
  // what is unsaved: item slug (a_/e_ fields) or attribute name (q_ fields) -> editSeq of its
  // last edit; a successful save removes the entries it carried that were not edited again since
  var unsavedItems = {};
  var unsavedAttributes = {};
  var sent = null; // {items: [...], attributes: [...]} of the request in flight
  var inFlight = false;
  var paused = false; // conflict shown or case read-only: wait for the inspector
  var submitting = false;
  var timer = null;
  var retryMs = 2000;
  var signedOut = false; // the session ended: the text is kept until the user signs in again
  var draftKey = form.getAttribute("data-cb-draft-key");
  var DRAFT_MAX_AGE_MS = 12 * 60 * 60 * 1000; // as casebook-drafts.js
  if (document.querySelector("[data-cb-conflicts]")) {
    paused = true; // the page was rendered with a conflict to resolve first
  }

  function isChoiceField(el) {
    return el && el.name && /^(r|tt)_/.test(el.name);
  }

  function dirty() {
    return Object.keys(unsavedItems).length > 0 || Object.keys(unsavedAttributes).length > 0;
  }

  function markEdited(el) {
    var match = /^([aeq])_(.+)$/.exec(el.name || "");
    if (!match) {
      return;
    }
    (match[1] === "q" ? unsavedAttributes : unsavedItems)[match[2]] = editSeq;
  }

  // Characters as the server counts them (code points; line breaks are one character each).
  function length(text) {
    return Array.from(text).length;
  }

  function tooLong(slug) {
    var box = form.elements.namedItem("e_" + slug);
    var count = box && box.closest("[data-maxlength]");
    var limit = count ? parseInt(count.getAttribute("data-maxlength"), 10) : 0;
    return limit && length(box.value) > limit ? { limit: limit, box: box } : null;
  }

  // The save: the version, each unsaved item's answer, evidence and starting token, and each
  // changed case attribute with the value it started from.
  function payload() {
    var data = new FormData();
    data.append("csrfmiddlewaretoken", fieldValue("csrfmiddlewaretoken"));
    data.append("version", fieldValue("version"));
    data.append("partial", "1");
    var items = Object.keys(unsavedItems).filter(function (slug) {
      return fieldValue("t_" + slug) !== undefined;
    });
    items.forEach(function (slug) {
      data.append("a_" + slug, fieldValue("a_" + slug) || "");
      data.append("e_" + slug, fieldValue("e_" + slug) || "");
      data.append("t_" + slug, fieldValue("t_" + slug));
    });
    var attributes = Object.keys(unsavedAttributes).filter(function (name) {
      return fieldValue("oq_" + name) !== undefined;
    });
    attributes.forEach(function (name) {
      data.append("q_" + name, fieldValue("q_" + name) || "");
      data.append("oq_" + name, fieldValue("oq_" + name));
    });
    return { data: data, items: items, attributes: attributes };
  }

  function forgetSaved(carried, upTo) {
    carried.items.forEach(function (slug) {
      if (unsavedItems[slug] <= upTo) {
        delete unsavedItems[slug];
      }
    });
    carried.attributes.forEach(function (name) {
      if (unsavedAttributes[name] <= upTo) {
        delete unsavedAttributes[name];
      }
    });
  }

  function say(text, isError) {
    statusBox.innerHTML = "";
    var span = document.createElement("span");
    span.className = "cb-save-status__text" + (isError ? " cb-save-status__text--error" : "");
    span.textContent = text;
    statusBox.appendChild(span);
  }

  // The kept draft: what the inspector typed (values) and what it started from (base: the version
  // token and original answers held in hidden inputs).
  function draftFields() {
    var values = {};
    var base = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrfmiddlewaretoken" || el.type === "submit" || isChoiceField(el)) {
        return;
      }
      if (el.type === "hidden") {
        base[el.name] = el.value;
      } else if (el.type === "radio") {
        if (el.checked) {
          values[el.name] = el.value;
        }
      } else {
        values[el.name] = el.value;
      }
    });
    return { values: values, base: base };
  }

  function keep(extra) {
    if (!draftKey) {
      return;
    }
    var draft = draftFields();
    draft.items = Object.keys(unsavedItems);
    draft.attributes = Object.keys(unsavedAttributes);
    draft.v = 1;
    draft.at = Date.now();
    draft.submitted = Boolean(extra && extra.submitted);
    try {
      window.localStorage.setItem(draftKey, JSON.stringify(draft));
    } catch (e) {
      // storage full or disabled: the text is still in the page
    }
  }

  function forget() {
    try {
      window.localStorage.removeItem(draftKey);
    } catch (e) {
      // nothing kept
    }
  }

  function readDraft() {
    var draft = null;
    try {
      draft = JSON.parse(window.localStorage.getItem(draftKey) || "null");
    } catch (e) {
      return null;
    }
    if (draft && !(typeof draft.at === "number" && Math.abs(Date.now() - draft.at) <= DRAFT_MAX_AGE_MS)) {
      forget(); // too old to trust on a shared machine
      return null;
    }
    return draft;
  }

  function fieldValue(name) {
    var field = form.elements.namedItem(name);
    if (!field) {
      return undefined;
    }
    if (field instanceof RadioNodeList || (field.length && field[0] && field[0].type === "radio")) {
      var checked = Array.prototype.filter.call(field, function (el) {
        return el.checked;
      });
      return checked.length ? checked[0].value : "";
    }
    return field.value;
  }

  function setField(name, value) {
    var field = form.elements.namedItem(name);
    if (!field) {
      return;
    }
    if (field instanceof RadioNodeList || (field.length && field[0] && field[0].type === "radio")) {
      Array.prototype.forEach.call(field, function (el) {
        el.checked = el.value === value;
      });
    } else {
      field.value = value;
    }
  }

  // Put back text kept from before a closed tab, a reload or a sign-in if the page does not
  // already hold it.
  function restore() {
    var draft = readDraft();
    if (!draft || !draft.values) {
      return false;
    }
    if (paused) {
      return false;
    }
    if (draft.items || draft.attributes) {
      (draft.items || []).forEach(function (slug) {
        unsavedItems[slug] = editSeq;
      });
      (draft.attributes || []).forEach(function (name) {
        unsavedAttributes[name] = editSeq;
      });
    } else {
      // a draft kept before the page listed its unsaved items: whatever differs from the page
      Object.keys(draft.values).forEach(function (name) {
        if (fieldValue(name) !== undefined && fieldValue(name) !== draft.values[name]) {
          markEdited({ name: name });
        }
      });
    }
    var differs = Object.keys(draft.values).some(function (name) {
      var match = /^([aeq])_(.+)$/.exec(name);
      var mine = match && (match[1] === "q" ? unsavedAttributes : unsavedItems)[match[2]] !== undefined;
      return mine && fieldValue(name) !== undefined && fieldValue(name) !== draft.values[name];
    });
    if (!differs) {
      unsavedItems = {}; // the page already holds it all (it was saved after all)
      unsavedAttributes = {};
      forget();
      return false;
    }
    // The unsaved items go back with the text and the tokens they started from (so a change
    // made meanwhile is a conflict); every other item keeps what the server sent just now.
    var base = draft.base || {};
    var restored = ["version"]
      .concat(Object.keys(unsavedItems).map(function (slug) { return "t_" + slug; }))
      .concat(Object.keys(unsavedAttributes).map(function (name) { return "oq_" + name; }));
    restored.forEach(function (name) {
      if (name in base) {
        setField(name, base[name]);
      }
    });
    Object.keys(draft.values).forEach(function (name) {
      var match = /^([aeq])_(.+)$/.exec(name);
      var unsaved = match && (match[1] === "q" ? unsavedAttributes : unsavedItems)[match[2]] !== undefined;
      if (unsaved) {
        setField(name, draft.values[name]);
      }
    });
    return true;
  }

  function schedule(delay) {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, delay === undefined ? DEBOUNCE_MS : delay);
  }

  function save() {
    if (paused || submitting || !dirty()) {
      return;
    }
    if (inFlight) {
      schedule();
      return;
    }
    var long = Object.keys(unsavedItems).map(tooLong).filter(Boolean);
    if (long.length) {
      // the character count shows it too; nothing is sent until it fits (the next edit retries)
      var code = long[0].box.name.slice(2).replace(/_/g, ".");
      say(
        "Not saved: the evidence for " + code + " is longer than " +
          long[0].limit.toLocaleString("en-GB") + " characters. Shorten it and it will save.",
        true
      );
      return;
    }
    htmx.trigger(form, "cb:save");
  }

  var reloadAfterSave = false; // a case attribute changed: the items to ask follow it

  function onEdit(event) {
    if (isChoiceField(event.target)) {
      return;
    }
    editSeq += 1;
    markEdited(event.target);
    keep();
    if (!paused) {
      say("Unsaved changes");
      // a case attribute (e.g. pre-sentence information given) saves at once
      schedule(event.target.hasAttribute("data-cb-attribute") ? 0 : undefined);
    }
  }

  form.addEventListener("input", onEdit);
  form.addEventListener("change", function (event) {
    // radios fire both input and change; text fields only need input
    if (event.target.type === "radio") {
      onEdit(event);
    }
  });

  form.addEventListener("htmx:configRequest", function (event) {
    // only what changed since the last save; the conflict choice is made with the Save button
    var built = payload();
    event.detail.parameters = built.data;
    sent = built;
    sentSeq = editSeq;
    inFlight = true;
    say("Saving…");
  });

  form.addEventListener("htmx:beforeSwap", function (event) {
    var code = event.detail.xhr.status;
    if (code === 409 || code === 403 || code === 400 || code === 401 || code === 413) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  form.addEventListener("htmx:afterRequest", function (event) {
    inFlight = false;
    var code = event.detail.xhr ? event.detail.xhr.status : 0;
    var carried = sent || { items: [], attributes: [] };
    sent = null;
    if (code >= 200 && code < 300) {
      forgetSaved(carried, sentSeq);
      retryMs = 2000;
      if (statusBox.querySelector("[data-cb-reload]")) {
        reloadAfterSave = true; // the server decides which items apply: show its page
      }
      if (dirty()) {
        keep(); // the starting tokens moved on with the save
        schedule(reloadAfterSave ? 0 : undefined);
      } else {
        forget();
        if (reloadAfterSave) {
          submitting = true; // nothing unsaved: leave without the "unsaved changes" prompt
          window.location.reload();
        }
      }
    } else if (code === 409) {
      forgetSaved(carried, sentSeq); // the others were saved; the conflicts wait for a choice
      paused = true;
      var panel = document.querySelector("[data-cb-conflicts]");
      if (panel) {
        panel.focus();
      }
    } else if (code === 401) {
      // signed out (idle too long, or signed out elsewhere): keep the text, offer to sign in
      paused = true;
      signedOut = true;
      keep();
      var link = statusBox.querySelector("[data-cb-sign-in]");
      if (link) {
        link.focus();
      }
    } else if (code === 403) {
      paused = true; // read-only now: the response says why; the text stays in the page
      keep();
    } else if (code === 400 || code === 413) {
      keep(); // the response says what to fix; the next edit tries again (no retry loop)
    } else {
      var seconds = Math.round(retryMs / 1000);
      say(
        "Not saved: the server could not be reached. Your text is still on this page; " +
          "trying again in " + seconds + " seconds.",
        true
      );
      schedule(retryMs);
      retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
    }
  });

  form.addEventListener("submit", function () {
    submitting = true;
    window.clearTimeout(timer);
    if (form.querySelector("input[name^='r_']:checked")) {
      forget(); // choosing between versions: nothing to put back afterwards
    } else {
      keep({ submitted: true }); // if the POST meets an ended session, the text comes back
    }
  });

  function sendLast() {
    if (submitting || paused || !dirty()) {
      return;
    }
    if (Object.keys(unsavedItems).some(tooLong)) {
      return; // the server would refuse it; the draft keeps the text in this browser
    }
    var data = payload().data;
    var url = form.getAttribute("data-cb-beacon-url");
    var queued = navigator.sendBeacon && navigator.sendBeacon(url, data);
    if (!queued) {
      fetch(url, { method: "POST", body: data, keepalive: true, credentials: "same-origin" });
    }
    unsavedItems = {};
    unsavedAttributes = {};
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && dirty() && !inFlight) {
      window.clearTimeout(timer);
      save(); // the page is still alive: a normal save keeps the version token in step
    }
  });
  window.addEventListener("pagehide", sendLast);
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      window.location.reload(); // back from the cache: reload the stored answers and token
    }
  });
  window.addEventListener("beforeunload", function (event) {
    if (!submitting && !signedOut && (dirty() || inFlight)) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // After htmx has set the form up (it does so on DOMContentLoaded, after this deferred script).
  function whenReady(fn) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", function () {
        window.setTimeout(fn, 0);
      });
    } else {
      window.setTimeout(fn, 0);
    }
  }

  whenReady(function () {
    if (restore()) {
      editSeq += 1;
      say("Your unsaved text from earlier is back on this page. Saving…");
      save();
    }
  });
})();
