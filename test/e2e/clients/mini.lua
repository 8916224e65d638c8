-- Headless Neovim (0.7+) smoke test of `httpd-lsp --stdio`: diagnostics, hover, code action.
-- Usage: LS_CMD="node dist/server.js --stdio" nvim --headless -u mini.lua apache2.conf
local function say(s) io.stdout:write(s .. '\n'); io.stdout:flush() end
local cmd = vim.split(os.getenv('LS_CMD'), ' ', { trimempty = true })
local T = tonumber(os.getenv('LSP_TIMEOUT_MS') or '15000')
local ok = true
vim.opt.swapfile = false
local function fail(msg) say('FAIL ' .. msg); ok = false end
local function finish() vim.schedule(function() vim.cmd(ok and 'qa!' or 'cq') end) end

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
  client.stop()
  say(ok and 'nvim: 1 passed, 0 failed' or 'nvim: 0 passed, 1 failed')
  finish()
end })
vim.defer_fn(function() say('FAIL watchdog'); vim.cmd('cq') end, T * 3)
