-- A wrk script that sends the request bodies of a file, one per line, in turn: thread k
-- of n sends lines k, k+n, k+2n, … and starts again at its first after its last, so that
-- no body comes again before every other body of its thread was sent.
-- Usage: wrk -t N … -s bench/mix.lua URL -- FILE N [CONTENT-TYPE]
local threads = 0

function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

function init(args)
  local file, step = args[1], tonumber(args[2])
  local all = {}
  for line in io.lines(file) do
    all[#all + 1] = line
  end
  bodies = {}
  for i = id + 1, #all, step do
    bodies[#bodies + 1] = all[i]
  end
  pos = 1
  headers = { ["Content-Type"] = args[3] or "application/json" }
end

function request()
  local body = bodies[pos]
  pos = pos % #bodies + 1
  return wrk.format("POST", nil, headers, body)
end
