-- Headless Neovim (0.7+) smoke test of `httpd-lsp --stdio`: diagnostics, hover, code action, rename, semantic tokens.
-- Usage: LS_CMD="node dist/server.js --stdio" nvim --headless -u mini.lua apache2.conf
local function say(s) io.stdout:write(s .. '\n'); io.stdout:flush() end
local cmd = vim.split(os.getenv('LS_CMD'), ' ', { trimempty = true })
local T = tonumber(os.getenv('LSP_TIMEOUT_MS') or '15000')
local ok = true
vim.opt.swapfile = false
local function fail(msg) say('FAIL ' .. msg); ok = false end
local function finish() vim.schedule(function() vim.cmd(ok and 'qa!' or 'cq') end) end

-- Rename: a name envvars sets is refused with the reason (prepareRename); a Define is renamed
-- through the client's own vim.lsp.buf.rename in another file's buffer, which must then read
-- the new name at its Define and <IfDefine> lines while apache2.conf stays as it was.
local function rename_smoke(client, main_buf)
  local main_before = table.concat(vim.api.nvim_buf_get_lines(main_buf, 0, -1, false), '\n')
  local row, col
  for i, l in ipairs(vim.api.nvim_buf_get_lines(main_buf, 0, -1, false)) do
    local c = l:find('${APACHE_LOG_DIR}', 1, true)
    if c then row, col = i - 1, c + 3; break end
  end
  if not row then return fail('no ${APACHE_LOG_DIR} in apache2.conf') end
  local r = client.request_sync('textDocument/prepareRename', { textDocument = { uri = vim.uri_from_bufnr(main_buf) }, position = { line = row, character = col } }, T, main_buf)
  local refusal = r and r.err and r.err.message or ''
  if refusal:find('set in envvars', 1, true) then say('RENAME refused: ' .. refusal:sub(1, 80)) else fail('prepareRename of APACHE_LOG_DIR not refused: ' .. vim.inspect(r)) end
  vim.cmd('edit conf-enabled/serve-cgi-bin.conf')
  local buf = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(buf, client.id)
  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  for i, l in ipairs(lines) do
    local c = l:find('IfDefine ENABLE_USR_LIB_CGI_BIN', 1, true)
    if c then vim.api.nvim_win_set_cursor(0, { i, c + 10 }); break end
  end
  vim.lsp.buf.rename('CGI_BIN')
  local function text() return table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n') end
  local function count(t, s) local n = 0; for _ in t:gmatch(s) do n = n + 1 end; return n end
  if vim.wait(T, function() return count(text(), 'CGI_BIN') == 3 and not text():find('ENABLE_USR_LIB_CGI_BIN', 1, true) end, 50) then
    say('RENAMED ENABLE_USR_LIB_CGI_BIN -> CGI_BIN at 3 places in conf-enabled/serve-cgi-bin.conf')
  else
    fail('rename did not edit the buffer: ' .. text():gsub('\n', ' | '):sub(1, 200))
  end
  if table.concat(vim.api.nvim_buf_get_lines(main_buf, 0, -1, false), '\n') ~= main_before then fail('the rename edited apache2.conf') end
end

-- Semantic tokens: the legend is announced and a full request returns tokens that decode to the
-- right text and type. Neovim 0.9+ also highlights with them (checked when it has the API);
-- older versions only ask for them here.
local function semantic_tokens_check(client, buf, uri)
  local caps = client.server_capabilities or {}
  local provider = caps.semanticTokensProvider
  if not provider or not provider.legend then return fail('no semanticTokensProvider legend') end
  local legend = provider.legend
  local r = client.request_sync('textDocument/semanticTokens/full', { textDocument = { uri = uri } }, T, buf)
  local data = r and r.result and r.result.data or {}
  if #data == 0 then return fail('no semantic tokens') end
  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  local line, start, found = 0, 0, {}
  for i = 1, #data, 5 do
    line = line + data[i]
    start = (data[i] == 0) and (start + data[i + 1]) or data[i + 1]
    local text = (lines[line + 1] or ''):sub(start + 1, start + data[i + 2])
    found[#found + 1] = { line = line, text = text, type = legend.tokenTypes[data[i + 3] + 1] }
  end
  local function has(text, typ)
    for _, t in ipairs(found) do if t.text == text and t.type == typ then return t end end
  end
  local checks = { { 'KeepAliveTimeout', 'keyword' }, { '${APACHE_RUN_USER}', 'variable' }, { '100', 'number' } }
  for _, c in ipairs(checks) do
    if not has(c[1], c[2]) then fail(('no %s token %q'):format(c[2], c[1])) end
  end
  say(('TOKENS %d, e.g. KeepAliveTimeout=%s'):format(#found, has('KeepAliveTimeout', 'keyword') and 'keyword' or '?'))
  if vim.lsp.semantic_tokens and vim.lsp.semantic_tokens.get_at_pos then
    local kat = has('KeepAliveTimeout', 'keyword')
    local shown = kat and vim.wait(T, function()
      for _, hl in ipairs(vim.lsp.semantic_tokens.get_at_pos(buf, kat.line, 1) or {}) do
        if hl.type == 'keyword' then return true end
      end
      return false
    end, 50)
    if shown then say('TOKENS highlighted by Neovim') else fail('Neovim did not highlight with the tokens') end
  else
    say('TOKENS requested by hand (this Neovim has no semantic highlighting; 0.9+ does)')
  end
end

vim.api.nvim_create_autocmd('BufReadPost', { pattern = '*.conf', once = true, callback = function(args)
  local buf = args.buf
  local id = vim.lsp.start_client({ name = 'httpd-lsp', cmd = cmd, root_dir = vim.fn.getcwd() })
  if not id then fail('could not start the server'); return finish() end
  vim.lsp.buf_attach_client(buf, id)
  local function flagship()
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
      if code == 'prefork-keepalive-timeout' then return d end
    end
  end
  if not vim.wait(T, function() return flagship() ~= nil end, 50) then fail('no prefork-keepalive-timeout diagnostic') end
  local d = flagship()
  if d then say(('DIAG %d:%d severity=%d %s'):format(d.lnum + 1, d.col + 1, d.severity, d.message:sub(1, 80))) end
  local client = vim.lsp.get_client_by_id(id)
  if not client then fail('server exited'); return finish() end
  local uri = vim.uri_from_bufnr(buf)
  local h = client.request_sync('textDocument/hover', { textDocument = { uri = uri }, position = { line = 110, character = 3 } }, T, buf)
  local hover = h and h.result and h.result.contents and (h.result.contents.value or '') or ''
  if hover:find('KeepAliveTimeout', 1, true) then say('HOVER ' .. hover:gsub('\n.*', '')) else fail('no hover for KeepAliveTimeout') end
  if d then
    local range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } }
    local lspdiag = { range = range, message = d.message, severity = d.severity, source = d.source, code = 'prefork-keepalive-timeout' }
    local ca = client.request_sync('textDocument/codeAction', { textDocument = { uri = uri }, range = range, context = { diagnostics = { lspdiag } } }, T, buf)
    local acts = (ca and ca.result) or {}
    for _, a in ipairs(acts) do say('ACTION ' .. a.title) end
    if #acts == 0 or acts[1].title ~= 'Set KeepAliveTimeout to 2' then fail('expected the quick fix "Set KeepAliveTimeout to 2" first') end
  end
  semantic_tokens_check(client, buf, uri)
  rename_smoke(client, buf)
  client.stop()
  say(ok and 'nvim: 1 passed, 0 failed' or 'nvim: 0 passed, 1 failed')
  finish()
end })
vim.defer_fn(function() say('FAIL watchdog'); vim.cmd('cq') end, T * 3)
