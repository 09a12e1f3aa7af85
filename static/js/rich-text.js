/*
 * The minutes' rich-text editor (meetings.forms.minutes.RichTextarea).
 *
 * Each <textarea data-rich-text> becomes a Squire editor (static/vendor/squire) with the toolbar
 * its page renders in <template id="<id>_toolbar"> (labelled from the catalogue). The textarea is
 * hidden but stays the form's field: the editor writes its HTML back on every change and on submit.
 * Without JavaScript, or when a vendored file is missing, the textarea is left as it is.
 *
 * Whatever enters the editor (the saved text, a paste, a drop) goes through DOMPurify with the
 * server's allow-list (data-allowed-tags = meetings/sanitize.py MINUTES_TAGS), after turning Word's
 * markup into what it means: its list paragraphs into lists, h1 into h2. The server cleans again.
 *
 * No inline script or style: this file is loaded with <script src>, and nothing here sets a style
 * attribute (a strict Content-Security-Policy holds).
 */
(function () {
  "use strict";

  var KEEP_ATTRIBUTES = ["colspan", "rowspan"];
  var TEXT_BLOCKS = "p, div, h1, h2, h3, h4, h5, h6";

  // --- what is pasted: Word's markup to plain HTML, then the allow-list -----------------------

  /* A start tag, its attribute values quoted or not (so a ">" inside quotes does not end it). */
  var START_TAG = /<[a-zA-Z][^\s\/>]*(?:\s+[^\s"'>\/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*\/?>/g;

  /* Word's HTML is full of style attributes and <style> elements, and parsing them, even in an
   * inert document, makes the browser report each one to the page's Content-Security-Policy
   * (style-src 'self'). So before anything parses the paste, <style> elements go and each style
   * attribute becomes data-word-style: read below to recognise Word's lists, then dropped. */
  function disarmStyles(html) {
    return html.replace(/<style\b[\s\S]*?<\/style\s*>/gi, "").replace(START_TAG, function (tag) {
      return tag.replace(/(\s)style(\s*=)/gi, "$1data-word-style$2");
    });
  }

  function styleOf(element) {
    return (element.getAttribute("data-word-style") || "").replace(/\s+/g, "").toLowerCase();
  }

  function rename(element, tag) {
    var replacement = element.ownerDocument.createElement(tag);
    KEEP_ATTRIBUTES.forEach(function (name) {
      if (element.hasAttribute(name)) {
        replacement.setAttribute(name, element.getAttribute(name));
      }
    });
    while (element.firstChild) {
      replacement.appendChild(element.firstChild);
    }
    element.replaceWith(replacement);
    return replacement;
  }

  function unwrap(element) {
    while (element.firstChild) {
      element.parentNode.insertBefore(element.firstChild, element);
    }
    element.remove();
  }

  function isWordListParagraph(element) {
    if (element.tagName !== "P") {
      return false;
    }
    return /^MsoListParagraph/i.test(element.className) || /mso-list:l\d/.test(styleOf(element));
  }

  /* Word writes a list as paragraphs (class MsoListParagraph…, style mso-list:l0 level1) whose
   * bullet or number is typed in a span marked mso-list:Ignore: they become <ul>/<ol> items. */
  function wordListsToLists(body) {
    var doc = body.ownerDocument;
    var paragraphs = Array.prototype.filter.call(body.querySelectorAll("p"), isWordListParagraph);
    var list = null;
    paragraphs.forEach(function (paragraph) {
      var marker = "";
      paragraph.querySelectorAll("span").forEach(function (span) {
        if (span.isConnected && /mso-list:ignore/.test(styleOf(span))) {
          marker += span.textContent;
          span.remove();
        }
      });
      var ordered = /^\s*\(?([0-9]+|[a-z]|[ivxlc]+)[.)]/i.test(marker);
      var tag = ordered ? "OL" : "UL";
      var previous = paragraph.previousElementSibling;
      if (!(list && previous === list && list.tagName === tag)) {
        list = doc.createElement(tag);
        paragraph.before(list);
      }
      var item = doc.createElement("li");
      while (paragraph.firstChild) {
        item.appendChild(paragraph.firstChild);
      }
      paragraph.remove();
      list.appendChild(item);
    });
  }

  function normalise(body) {
    wordListsToLists(body);
    body.querySelectorAll("h1").forEach(function (h) { rename(h, "h2"); });
    body.querySelectorAll("h5, h6").forEach(function (h) { rename(h, "h4"); });
    // Google Docs wraps everything in <b style="font-weight:normal">: not bold at all.
    body.querySelectorAll("b, strong").forEach(function (b) {
      if (/font-weight:(normal|400)/.test(styleOf(b))) {
        unwrap(b);
      }
    });
    // A <div> holding only text is a paragraph (web pages, Outlook); others just go.
    body.querySelectorAll("div").forEach(function (div) {
      if (!div.querySelector(TEXT_BLOCKS + ", ul, ol, table, blockquote")) {
        rename(div, "p");
      }
    });
  }

  function sanitiser(allowedTags) {
    return function (html) {
      // An inert document: nothing in it runs or loads while it is rewritten.
      var parsed = new DOMParser().parseFromString(disarmStyles(html), "text/html");
      normalise(parsed.body);
      var fragment = window.DOMPurify.sanitize(parsed.body.innerHTML, {
        ALLOWED_TAGS: allowedTags,
        ALLOWED_ATTR: KEEP_ATTRIBUTES,
        ALLOW_DATA_ATTR: false,
        ALLOW_ARIA_ATTR: false,
        RETURN_DOM_FRAGMENT: true,
      });
      return document.importNode(fragment, true);
    };
  }

  /* One line per block in the saved HTML, so the "someone saved in between" page can show the
   * difference line by line. */
  function serialise(editor) {
    return editor
      .getHTML()
      .replace(/(<\/(?:p|h2|h3|h4|li|ul|ol|blockquote|table|thead|tbody|tr)>)(?!\n|<\/t[dh]>|<\/li>)/g, "$1\n");
  }

  // --- commands ------------------------------------------------------------------------------

  function nearest(editor, selector) {
    var node = editor.getSelection().startContainer;
    var element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    var found = element && element.closest(selector);
    return found && editor.getRoot().contains(found) ? found : null;
  }

  function currentBlockTag(editor) {
    var block = nearest(editor, "p, h2, h3, h4, li, td, th, div");
    return block ? block.tagName : "";
  }

  /* The selected paragraphs become `tag` (P, H2, H3); list items and table cells stay as they are. */
  function setBlock(editor, tag) {
    editor.modifyBlocks(function (fragment) {
      fragment.querySelectorAll(TEXT_BLOCKS).forEach(function (block) {
        if (!block.closest("li, td, th") && block.tagName !== tag) {
          rename(block, tag);
        }
      });
      return fragment;
    });
    editor.focus();
  }

  function toggleBlock(editor, tag) {
    setBlock(editor, tag !== "P" && currentBlockTag(editor) === tag ? "P" : tag);
  }

  function toggleList(editor, tag) {
    var list = nearest(editor, "ul, ol");
    if (list && list.tagName === tag) {
      editor.removeList();
    } else if (tag === "UL") {
      editor.makeUnorderedList();
    } else {
      editor.makeOrderedList();
    }
  }

  function placeCaretIn(editor, cell) {
    var range = document.createRange();
    range.selectNodeContents(cell);
    range.collapse(true);
    editor.setSelection(range);
    editor.focus();
  }

  function addRow(editor) {
    var row = nearest(editor, "tr");
    if (!row) {
      return;
    }
    editor.saveUndoState(editor.getSelection());
    var added = document.createElement("tr");
    Array.prototype.forEach.call(row.cells, function (cell) {
      var copy = document.createElement("td");
      if (cell.colSpan > 1) {
        copy.colSpan = cell.colSpan;
      }
      copy.appendChild(document.createElement("br"));
      added.appendChild(copy);
    });
    row.after(added);
    placeCaretIn(editor, added.cells[0]);
  }

  function removeRow(editor) {
    var row = nearest(editor, "tr");
    if (!row) {
      return;
    }
    editor.saveUndoState(editor.getSelection());
    var table = row.closest("table");
    var next = row.nextElementSibling || row.previousElementSibling;
    row.remove();
    if (!table.querySelector("tr")) {
      var paragraph = document.createElement("p");
      paragraph.appendChild(document.createElement("br"));
      table.replaceWith(paragraph);
      placeCaretIn(editor, paragraph);
    } else {
      placeCaretIn(editor, next ? next.cells[0] : table.querySelector("td, th"));
    }
  }

  var COMMANDS = {
    block: function (editor, button) { toggleBlock(editor, button.dataset.tag); },
    bold: function (editor) { editor.hasFormat("B") ? editor.removeBold() : editor.bold(); },
    italic: function (editor) { editor.hasFormat("I") ? editor.removeItalic() : editor.italic(); },
    underline: function (editor) { editor.hasFormat("U") ? editor.removeUnderline() : editor.underline(); },
    list: function (editor, button) { toggleList(editor, button.dataset.tag); },
    quote: function (editor) {
      nearest(editor, "blockquote") ? editor.decreaseQuoteLevel() : editor.increaseQuoteLevel();
    },
    "add-row": addRow,
    "remove-row": removeRow,
    undo: function (editor) { editor.undo(); },
    redo: function (editor) { editor.redo(); },
  };

  // --- the toolbar: one tab stop, arrow keys between its buttons (WAI-ARIA toolbar) ---------

  function rovingToolbar(toolbar) {
    var buttons = Array.prototype.slice.call(toolbar.querySelectorAll("button"));
    buttons.forEach(function (button, index) {
      button.tabIndex = index === 0 ? 0 : -1;
    });
    toolbar.addEventListener("keydown", function (event) {
      var index = buttons.indexOf(document.activeElement);
      if (index < 0) {
        return;
      }
      var target = {
        ArrowRight: index + 1,
        ArrowDown: index + 1,
        ArrowLeft: index - 1,
        ArrowUp: index - 1,
        Home: 0,
        End: buttons.length - 1,
      }[event.key];
      if (target === undefined) {
        return;
      }
      event.preventDefault();
      target = (target + buttons.length) % buttons.length;
      buttons[index].tabIndex = -1;
      buttons[target].tabIndex = 0;
      buttons[target].focus();
    });
    toolbar.addEventListener("focusin", function (event) {
      if (buttons.indexOf(event.target) >= 0) {
        buttons.forEach(function (button) {
          button.tabIndex = button === event.target ? 0 : -1;
        });
      }
    });
  }

  function setPressed(button, pressed) {
    button.setAttribute("aria-pressed", pressed ? "true" : "false");
    button.classList.toggle("active", pressed);
  }

  function setEnabled(button, enabled) {
    button.setAttribute("aria-disabled", enabled ? "false" : "true");
  }

  function refresh(editor, toolbar) {
    var block = currentBlockTag(editor);
    var list = nearest(editor, "ul, ol");
    var inRow = !!nearest(editor, "tr");
    toolbar.querySelectorAll("button[data-command]").forEach(function (button) {
      switch (button.dataset.command) {
        case "block":
          setPressed(button, block === button.dataset.tag);
          break;
        case "bold":
          setPressed(button, editor.hasFormat("B"));
          break;
        case "italic":
          setPressed(button, editor.hasFormat("I"));
          break;
        case "underline":
          setPressed(button, editor.hasFormat("U"));
          break;
        case "list":
          setPressed(button, !!list && list.tagName === button.dataset.tag);
          break;
        case "quote":
          setPressed(button, !!nearest(editor, "blockquote"));
          break;
        case "add-row":
        case "remove-row":
          setEnabled(button, inRow);
          break;
      }
    });
  }

  // --- one textarea → one editor -------------------------------------------------------------

  function enhance(textarea) {
    var id = textarea.id;
    var template = document.getElementById(id + "_toolbar");
    if (!template) {
      return;
    }
    var parts = template.content.cloneNode(true);
    var toolbar = parts.querySelector("[role=toolbar]");
    var keys = parts.querySelector(".rich-text-keys");

    var area = document.createElement("div");
    area.id = id + "_editor";
    area.className = "form-control rich-text-editor minutes-body";
    if (textarea.rows && textarea.rows <= 12) {
      area.classList.add("rich-text-short"); // the addendum: a shorter box, as its textarea was
    }
    area.setAttribute("role", "textbox");
    area.setAttribute("aria-multiline", "true");
    area.setAttribute("spellcheck", "true");
    var describedBy = [textarea.getAttribute("aria-describedby"), id + "_keys"].filter(Boolean);
    area.setAttribute("aria-describedby", describedBy.join(" "));
    if (textarea.classList.contains("is-invalid")) {
      area.classList.add("is-invalid");
      area.setAttribute("aria-invalid", "true");
    }
    // The label names the editor now; the hidden textarea is no longer what it labels.
    var label = document.querySelector('label[for="' + id + '"]');
    if (label) {
      label.id = label.id || id + "_label";
      label.removeAttribute("for");
      area.setAttribute("aria-labelledby", label.id);
    }

    var wrapper = document.createElement("div");
    wrapper.className = "rich-text";
    wrapper.append(toolbar, area, keys);
    textarea.before(wrapper);
    textarea.hidden = true;

    var editor = new window.Squire(area, {
      blockTag: "P",
      addLinks: false,
      sanitizeToDOMFragment: sanitiser(textarea.dataset.allowedTags.split(/\s+/)),
    });
    // Squire's own shortcuts for what the allow-list would drop (strike, sub/superscript, code).
    ["Ctrl-", "Meta-"].forEach(function (mod) {
      ["Shift-7", "Shift-5", "Shift-6", "d"].forEach(function (key) {
        editor.setKeyHandler(mod + key, null);
      });
      [["0", "P"], ["2", "H2"], ["3", "H3"]].forEach(function (pair) {
        editor.setKeyHandler("Alt-" + mod + pair[0], function (self, event) {
          event.preventDefault();
          toggleBlock(self, pair[1]);
        });
      });
    });
    editor.setHTML(textarea.value);

    function sync() {
      textarea.value = serialise(editor);
    }
    editor.addEventListener("input", sync);
    textarea.form.addEventListener("submit", sync);
    if (label) {
      label.addEventListener("click", function () { editor.focus(); });
    }

    rovingToolbar(toolbar);
    toolbar.addEventListener("mousedown", function (event) {
      // A click on a button keeps the text's selection (the button does not take the focus).
      if (event.target.closest("button")) {
        event.preventDefault();
      }
    });
    toolbar.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-command]");
      if (!button || button.getAttribute("aria-disabled") === "true") {
        return;
      }
      COMMANDS[button.dataset.command](editor, button);
      refresh(editor, toolbar);
      sync();
    });
    ["pathChange", "select", "cursor", "input"].forEach(function (type) {
      editor.addEventListener(type, function () { refresh(editor, toolbar); });
    });
    editor.addEventListener("undoStateChange", function (event) {
      setEnabled(toolbar.querySelector("[data-command=undo]"), event.detail.canUndo);
      setEnabled(toolbar.querySelector("[data-command=redo]"), event.detail.canRedo);
    });
    refresh(editor, toolbar);
    area.richTextEditor = editor; // for the browser tests and the console
  }

  function start() {
    if (!window.Squire || !window.DOMPurify || !("content" in document.createElement("template"))) {
      return; // the plain textarea stays, and works
    }
    document.querySelectorAll("textarea[data-rich-text]").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
