"""What browser tests of the admin share: where staff type an article's body."""

# The body's rich-text editor (articles/widgets.py); the textarea behind it is hidden.
BODY_EDITOR = ".prose-editor .ProseMirror[contenteditable=true]"
