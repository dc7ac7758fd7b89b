/* "Similar discussions and practices" while writing: a form with data-similar-url asks /search/similar/ what is
   like its title and body, 600 ms after typing stops, and shows the answer (an HTML fragment of the site) in its
   aria-live region. Without this script the form's "Check for similar" button does the same on the server.

   data-similar-url     the endpoint
   data-similar-title   id of the title field
   data-similar-body    ids of the fields that make the body, separated by spaces
   data-similar-region  id of the aria-live region
   data-similar-exclude the key of the document being edited (optional) */
(function () {
  "use strict";

  var DELAY = 600;
  var TITLE_WORDS = 3;
  var BODY_WORDS = 10;
  var TITLE_MAX = 300;
  var BODY_MAX = 5000;

  function words(text) {
    return text.split(/\s+/).filter(function (word) { return word.length > 0; }).length;
  }

  function valueOf(id) {
    var field = id ? document.getElementById(id) : null;
    return field ? field.value : "";
  }

  function setUp(form) {
    var region = document.getElementById(form.getAttribute("data-similar-region"));
    var url = form.getAttribute("data-similar-url");
    var titleId = form.getAttribute("data-similar-title");
    var bodyIds = (form.getAttribute("data-similar-body") || "").split(/\s+/).filter(Boolean);
    var exclude = form.getAttribute("data-similar-exclude") || "";
    if (!region || !url || !window.fetch) {
      return;
    }
    var timer = null;
    var running = null;
    var lastAsked = null;

    function ask() {
      var title = valueOf(titleId).trim().slice(0, TITLE_MAX);
      var body = bodyIds.map(valueOf).join("\n\n").trim().slice(0, BODY_MAX);
      if (words(title) < TITLE_WORDS && words(body) < BODY_WORDS) {
        return;
      }
      var params = new URLSearchParams({format: "html", title: title, body: body});
      if (exclude) {
        params.set("exclude", exclude);
      }
      var query = params.toString();
      if (query === lastAsked) {
        return;
      }
      if (running) {
        running.abort();  // a stale question: its answer would replace a newer one
      }
      var controller = window.AbortController ? new AbortController() : null;
      running = controller;
      fetch(url + "?" + query, {
        credentials: "same-origin",
        headers: {"Accept": "text/html"},
        signal: controller ? controller.signal : undefined
      }).then(function (response) {
        if (!response.ok) {
          return null;  // too many look-ups (429) or anything else: keep what is shown
        }
        return response.text();
      }).then(function (html) {
        if (running === controller) {
          running = null;
        }
        if (html === null) {
          return;
        }
        lastAsked = query;
        // The site's own fragment, escaped on the server.
        region.innerHTML = html.trim();
      }).catch(function () {
        if (running === controller) {
          running = null;
        }
      });
    }

    function typed() {
      if (timer) {
        window.clearTimeout(timer);
      }
      timer = window.setTimeout(ask, DELAY);
    }

    [titleId].concat(bodyIds).forEach(function (id) {
      var field = id ? document.getElementById(id) : null;
      if (field) {
        field.addEventListener("input", typed);
      }
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-similar-url]"), setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
