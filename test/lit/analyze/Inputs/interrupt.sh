# interrupt.sh DIR GREENC: run `GREENC analyze -p DIR/p` with DIR/slowclang as clang (it touches DIR/started, then
# sleeps), send greenc SIGTERM once a compile runs, and print greenc's exit status.
dir=$1 greenc=$2
GREENC_CLANG=$dir/slowclang TMPDIR=$dir/tmp "$greenc" analyze -p "$dir/p" > /dev/null 2> "$dir/err" &
pid=$!
i=0
while [ ! -e "$dir/started" ]; do
  i=$((i + 1))
  if [ $i -gt 400 ]; then echo "no compile started"; kill $pid; exit 1; fi
  sleep 0.05
done
kill -TERM $pid
wait $pid
echo "exit $?"
