-- wrk script: readers over a news day's mix of pages (bench/newsday/run.py writes the mix).
--
-- NEWSDAY_PATHS names a file of two kinds of lines:
--   "share <category> <number>"  how many requests in 100 go to the category (run.py's MIX)
--   "page <category> <path>"     one page of the category; a category's pages are picked
--                                uniformly (a path listed twice is picked twice as often)
-- Reports like the shared report.lua, which it loads (NEWSROOM_REPORT_LUA), with one change:
-- its `non2xx` counts errors only, answers of 400 and above (no page of the mix is a
-- deliberate 404; a redirect is an answer, not an error).
dofile(os.getenv("NEWSROOM_REPORT_LUA"))

local categories, shares, pages, total = {}, {}, {}, 0
for line in io.lines(os.getenv("NEWSDAY_PATHS")) do
  local kind, category, value = line:match("^(%S+) (%S+) (%S+)$")
  if kind == "share" then
    table.insert(categories, category)
    shares[category] = tonumber(value)
    total = total + tonumber(value)
    pages[category] = pages[category] or {}
  elseif kind == "page" then
    pages[category] = pages[category] or {}
    table.insert(pages[category], value)
  end
end

local report_setup, report_init = setup, init
local threads_made = 0

function setup(thread)
  report_setup(thread)
  threads_made = threads_made + 1
  thread:set("thread_number", threads_made)
end

function init(args)
  report_init(args)
  -- The same sequence of pages in every run, a different one in each thread.
  math.randomseed(20261203 + 7919 * thread_number)
end

function request()
  local roll, category = math.random() * total, categories[#categories]
  for _, name in ipairs(categories) do
    roll = roll - shares[name]
    if roll < 0 then
      category = name
      break
    end
  end
  local choices = pages[category]
  return wrk.format("GET", choices[math.random(#choices)])
end

function response(status, headers, body)
  if status >= 400 then
    non2xx = non2xx + 1
  end
end
