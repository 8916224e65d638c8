;;; eglot-smoke.el --- Emacs + eglot smoke test of `httpd-lsp --stdio'  -*- lexical-binding: t -*-
;; Usage: LS_CMD="node dist/server.js --stdio" emacs --batch -q -l eglot-smoke.el apache2.conf
(package-initialize)
(require 'eglot)
(require 'flymake)
(define-derived-mode apacheconf-test-mode fundamental-mode "Apache")
(defvar smoke-ok t)
(defun smoke-say (fmt &rest args) (princ (concat (apply #'format fmt args) "\n")))
(defun smoke-fail (fmt &rest args) (setq smoke-ok nil) (apply #'smoke-say (concat "FAIL " fmt) args))
(defun smoke-wait (pred seconds)
  (let ((deadline (+ (float-time) seconds)) (result nil))
    (while (and (not (setq result (funcall pred))) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    result))

(defun smoke-rename ()
  "Rename: a name envvars sets is refused with the reason; a Define is renamed with
`eglot-rename' in another file's buffer, which must then read the new name at its Define and
<IfDefine> lines while apache2.conf stays as it was."
  (let ((main-before (buffer-string)))
    (goto-char (point-min))
    (if (not (search-forward "${APACHE_LOG_DIR}" nil t))
        (smoke-fail "no ${APACHE_LOG_DIR} in apache2.conf")
      (backward-char 4)
      (let ((refusal (condition-case e
                         (progn (jsonrpc-request (eglot-current-server) :textDocument/rename
                                                 (append (eglot--TextDocumentPositionParams) (list :newName "LOGS")))
                                nil)
                       (jsonrpc-error (or (alist-get (quote jsonrpc-error-message) (cdr e)) (format "%S" e))))))
        (if (and refusal (string-match-p "set in envvars" refusal))
            (smoke-say "RENAME refused %s" (substring refusal 0 (min 90 (length refusal))))
          (smoke-fail "rename of APACHE_LOG_DIR not refused: %S" refusal))))
    (let ((cgi (find-file-noselect "conf-enabled/serve-cgi-bin.conf"))
          (server (eglot-current-server)))
      (with-current-buffer cgi
        (apacheconf-test-mode)
        ;; Outside a VC checkout its project (a transient one, its own folder) has no server: use the main file's.
        (setq eglot--cached-server server)
        (eglot--maybe-activate-editing-mode)
        (unless (smoke-wait (lambda () (eglot-current-server)) 15) (smoke-fail "eglot does not manage serve-cgi-bin.conf"))
        (goto-char (point-min))
        (search-forward "IfDefine ENABLE_USR")
        (backward-char 3)
        ;; Every file the edit touches is visited, so eglot 1.9 asks nothing; answer yes anyway.
        (cl-letf (((symbol-function 'y-or-n-p) (lambda (&rest _) t)))
          (eglot-rename "CGI_BIN"))
        (let ((text (buffer-string)))
          (if (and (= (how-many "CGI_BIN" (point-min) (point-max)) 3)
                   (not (string-match-p "ENABLE_USR_LIB_CGI_BIN" text)))
              (smoke-say "RENAMED ENABLE_USR_LIB_CGI_BIN -> CGI_BIN at 3 places in conf-enabled/serve-cgi-bin.conf")
            (smoke-fail "rename did not edit the buffer: %s" (substring text 0 (min 200 (length text))))))))
    (unless (equal (buffer-string) main-before) (smoke-fail "the rename edited apache2.conf"))))

;; Semantic tokens: eglot (up to the Emacs 29 one) neither requests nor shows them, so this only
;; checks, over eglot's own connection, that the server announces them and answers a full request.
(defun smoke-semantic-tokens ()
  (let* ((server (eglot-current-server))
         (provider (plist-get (eglot--capabilities server) :semanticTokensProvider))
         (types (plist-get (plist-get provider :legend) :tokenTypes)))
    (if (not provider)
        (smoke-fail "no semanticTokensProvider")
      (let* ((answer (jsonrpc-request server :textDocument/semanticTokens/full
                                      (list :textDocument (eglot--TextDocumentIdentifier))))
             (data (plist-get answer :data))
             (line 0) (start 0) (found nil))
        (dotimes (k (/ (length data) 5))
          (let ((i (* k 5)))
            (setq line (+ line (aref data i)))
            (setq start (if (= (aref data i) 0) (+ start (aref data (1+ i))) (aref data (1+ i))))
            (save-excursion
              (goto-char (point-min))
              (forward-line line)
              (let ((text (buffer-substring-no-properties (+ (point) start) (min (line-end-position) (+ (point) start (aref data (+ i 2)))))))
                (push (cons text (aref types (aref data (+ i 3)))) found)))))
        (if (member '("KeepAliveTimeout" . "keyword") found)
            (smoke-say "TOKENS %d, asked by hand (eglot %s %s)" (length found)
                       (let ((desc (cadr (assq 'eglot package-alist))))
                         (if desc (package-version-join (package-desc-version desc)) "of this Emacs"))
                       (if (fboundp 'eglot-semantic-tokens-mode) "has semantic tokens too" "does not request or show semantic tokens"))
          (smoke-fail "no keyword token KeepAliveTimeout among %d" (length found)))))))

(let* ((file (car command-line-args-left))
       (buf (find-file-noselect file)))
  (setq command-line-args-left nil)
  (with-current-buffer buf
    (apacheconf-test-mode)
    ;; The project eglot looks servers up by is (project-current): a VC project inside a checkout.
    (eglot '(apacheconf-test-mode) (or (project-current) (cons 'transient default-directory)) 'eglot-lsp-server
           (split-string (getenv "LS_CMD")) "apacheconf")
    (unless (smoke-wait (lambda () (eglot-current-server)) 15) (smoke-fail "server did not start"))
    (let ((diag (smoke-wait
                 (lambda ()
                   (flymake-start)
                   (seq-find (lambda (d)
                               (let ((lsp (alist-get 'eglot-lsp-diag (flymake-diagnostic-data d))))
                                 (equal (plist-get lsp :code) "prefork-keepalive-timeout")))
                             (flymake-diagnostics)))
                 20)))
      (if diag
          (smoke-say "DIAG %s %s" (flymake-diagnostic-type diag) (substring (flymake-diagnostic-text diag) 0 60))
        (smoke-fail "no prefork-keepalive-timeout diagnostic"))
      (goto-char (point-min))
      (forward-line 110)
      (forward-char 3)
      (let* ((hover (jsonrpc-request (eglot-current-server) :textDocument/hover (eglot--TextDocumentPositionParams)))
             (value (plist-get (plist-get hover :contents) :value)))
        (if (and value (string-match-p "KeepAliveTimeout" value))
            (smoke-say "HOVER %s" (car (split-string value "\n")))
          (smoke-fail "no hover")))
      (when diag
        (let* ((lsp (alist-get 'eglot-lsp-diag (flymake-diagnostic-data diag)))
               (actions (jsonrpc-request (eglot-current-server) :textDocument/codeAction
                                         (list :textDocument (eglot--TextDocumentIdentifier)
                                               :range (plist-get lsp :range)
                                               :context (list :diagnostics (vector lsp))))))
          (seq-doseq (a actions) (smoke-say "ACTION %s" (plist-get a :title)))
          (unless (and (> (length actions) 0) (equal (plist-get (aref actions 0) :title) "Set KeepAliveTimeout to 2"))
            (smoke-fail "expected the quick fix \"Set KeepAliveTimeout to 2\" first")))))
    (smoke-semantic-tokens)
    (smoke-rename)
    (ignore-errors (eglot-shutdown (eglot-current-server)))))
(smoke-say (if smoke-ok "emacs: 1 passed, 0 failed" "emacs: 0 passed, 1 failed"))
(kill-emacs (if smoke-ok 0 1))
