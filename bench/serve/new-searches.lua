-- wrk script: every request a search never asked before, so no kept result can answer it.
-- The words stay the same (the same matches to rank); an unused parameter makes each
-- address new. Reports like the shared report.lua, which it loads.
dofile(os.getenv("NEWSROOM_REPORT_LUA"))

local report_setup, report_init = setup, init
local threads_made = 0

function setup(thread)
  report_setup(thread)
  threads_made = threads_made + 1
  thread:set("thread_number", threads_made)
end

function init(args)
  report_init(args)
  asked = 0
end

function request()
  asked = asked + 1
  return wrk.format(nil, wrk.path .. "&baru=" .. thread_number .. "-" .. asked)
end
