/* Casebook drafts kept in this browser: tidied on every page, cleared on sign-out.
 *
 * The case form (casebook-casework.js) keeps unsaved text in localStorage under
 * "casebook:draft:<owner>:<case>:<standard>" (or "...:<owner>:reading:<reading>:<standard>")
 * until the server acknowledges it. <owner> is a key the server renders for the signed-in user
 * (body[data-cb-draft-owner]; an HMAC of the user id, never the id or name). On every page:
 * - a draft older than 12 hours (or unreadable) is removed;
 * - on a page for a signed-in user, every draft of another owner is removed (a shared machine:
 *   the next user never holds someone else's text). A signed-out page (sign-in) keeps them, so
 *   text typed when a session ended comes back once the same user signs in again.
 * The sign-out button removes every "casebook:" key from localStorage and sessionStorage; the
 * sign-out response also carries Clear-Site-Data: "storage".
 */
(function () {
  "use strict";
  var PREFIX = "casebook:";
  var DRAFT_PREFIX = "casebook:draft:";
  var MAX_AGE_MS = 12 * 60 * 60 * 1000;
  var owner = document.body.getAttribute("data-cb-draft-owner") || "";

  function keysOf(store, prefix) {
    var keys = [];
    for (var i = 0; i < store.length; i += 1) {
      var key = store.key(i);
      if (key && key.indexOf(prefix) === 0) {
        keys.push(key);
      }
    }
    return keys;
  }

  function stale(text, now) {
    var draft = null;
    try {
      draft = JSON.parse(text);
    } catch (e) {
      return true;
    }
    // a clock set back by more than the limit counts as stale too
    return !draft || typeof draft.at !== "number" || Math.abs(now - draft.at) > MAX_AGE_MS;
  }

  function tidy() {
    var store = window.localStorage;
    var now = Date.now();
    keysOf(store, DRAFT_PREFIX).forEach(function (key) {
      var keyOwner = key.slice(DRAFT_PREFIX.length).split(":")[0];
      if ((owner && keyOwner !== owner) || stale(store.getItem(key), now)) {
        store.removeItem(key);
      }
    });
  }

  function clearAll() {
    [window.localStorage, window.sessionStorage].forEach(function (store) {
      keysOf(store, PREFIX).forEach(function (key) {
        store.removeItem(key);
      });
    });
  }

  try {
    tidy();
  } catch (e) {
    // storage disabled: nothing is kept either
  }

  document.addEventListener("submit", function (event) {
    if (event.target.hasAttribute("data-cb-sign-out")) {
      try {
        clearAll();
      } catch (e) {
        // storage disabled: nothing kept
      }
    }
  });
})();
