// The article body's rich-text editor (django-prose-editor's bundle). Started here rather
// than by the package's presets, which need an inline import map, and with Tiptap's CSS
// injection off: the Content Security Policy refuses inline scripts and styles
// (articles/widgets.py; Tiptap's base CSS is in css/body-editor.css).
const CONFIG = "data-django-prose-editor-articles-body";
// ProseMirror keeps one empty paragraph in an empty document: that is an empty body.
const EMPTY = /^<(\w+)(\s[^>]*)?><\/\1>$/i;

function labelOf(textarea) {
  const label = document.querySelector(`label[for="${textarea.id}"]`);
  return label ? label.textContent.replace(/[:：]\s*$/, "").trim() : "";
}

// The package's English button titles and block type menu in the admin's language.
function relabel(root, labels) {
  for (const el of root.querySelectorAll("[title]")) {
    const label = labels[el.getAttribute("title")];
    if (label && label !== el.getAttribute("title")) {
      el.setAttribute("title", label);
      el.setAttribute("aria-label", label);
    }
  }
  for (const el of root.querySelectorAll("p, h2, h3, h4")) {
    const label = labels[el.textContent];
    if (label && label !== el.textContent && !el.closest("[contenteditable]")) {
      el.textContent = label;
    }
  }
}

// Imported stories may carry <figure><figcaption> (articles/text.py keeps them). The
// editor keeps them as they are, so that saving an edit does not unwrap them; it offers
// no button to make one.
function keptFigures(bundle) {
  return [
    bundle.Node.create({
      name: "keptFigure",
      group: "block",
      content: "(block | keptFigcaption)+",
      defining: true,
      parseHTML: () => [{ tag: "figure" }],
      renderHTML: () => ["figure", 0],
    }),
    bundle.Node.create({
      name: "keptFigcaption",
      content: "inline*",
      defining: true,
      parseHTML: () => [{ tag: "figcaption" }],
      renderHTML: () => ["figcaption", 0],
    }),
  ];
}

function createEditor(bundle, textarea) {
  const config = JSON.parse(textarea.getAttribute(CONFIG));
  const labels = JSON.parse(textarea.dataset.labels);
  const directions = JSON.parse(textarea.dataset.directions);
  const languageSelect = document.getElementById(`id_${textarea.dataset.languageField}`);
  const text = { lang: document.documentElement.lang, dir: document.documentElement.dir };
  const follow = () => {
    if (languageSelect && directions[languageSelect.value]) {
      text.lang = languageSelect.value;
      text.dir = directions[languageSelect.value];
    }
  };
  follow();

  const extensions = Object.entries(config.extensions)
    .filter(([name]) => bundle[name])
    .map(([name, options]) =>
      typeof options === "object" ? bundle[name].configure(options) : bundle[name],
    )
    .concat(keptFigures(bundle));
  const wrapper = document.createElement("div");
  wrapper.className = "prose-editor";
  textarea.before(wrapper);
  wrapper.append(textarea);
  new MutationObserver(() => relabel(wrapper, labels)).observe(wrapper, {
    childList: true,
    subtree: true,
  });

  const editor = new bundle.Editor({
    element: wrapper,
    extensions,
    content: textarea.value,
    injectCSS: false,
    editorProps: {
      // Read on every update, so a change of language turns the text around.
      attributes: () => ({
        dir: text.dir,
        lang: text.lang,
        role: "textbox",
        "aria-multiline": "true",
        "aria-label": labelOf(textarea),
      }),
    },
    onUpdate({ editor: changed }) {
      const html = changed.getHTML();
      textarea.value = EMPTY.test(html) ? "" : html;
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    },
  });
  relabel(wrapper, labels);
  if (languageSelect) {
    languageSelect.addEventListener("change", () => {
      follow();
      editor.view.dispatch(editor.state.tr);
    });
  }
  return editor;
}

async function start() {
  const textareas = document.querySelectorAll(`textarea[${CONFIG}]`);
  if (!textareas.length) return;
  const catalog = window.django && window.django.catalog;
  if (catalog) {
    // The link dialog asks window.gettext, the admin's catalog: add the few it lacks.
    const labels = JSON.parse(textareas[0].dataset.labels);
    for (const [english, label] of Object.entries(labels)) {
      if (!(english in catalog)) catalog[english] = label;
    }
  }
  const bundle = await import(textareas[0].dataset.editorModule);
  for (const textarea of textareas) {
    if (!textarea.closest(".prose-editor")) createEditor(bundle, textarea);
  }
}

start();
