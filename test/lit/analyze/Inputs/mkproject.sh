# mkproject.sh DIR KERNELS INPUTS JSON.in: a tiny project in DIR (src/ with
# saxpy.c and matvec.c from KERNELS and scale.c, bad.c, start.S, axpy.cpp,
# rows.c from INPUTS; build/ with obj/ and deps/ and compile_commands.json from
# JSON.in with @DIR@ replaced), every file dated 2000-01-01 and a stamp file
# DIR/stamp dated 2001-01-01, so `find DIR/build -newer DIR/stamp` lists what
# a later run wrote there.
set -e
dir=$1 kernels=$2 inputs=$3 json=$4
rm -rf "$dir"
mkdir -p "$dir/src" "$dir/build/obj" "$dir/build/deps" "$dir/tmp"
cp "$kernels/saxpy.c" "$kernels/matvec.c" "$inputs/scale.c" "$inputs/bad.c" \
  "$inputs/start.S" "$inputs/axpy.cpp" "$inputs/rows.c" "$dir/src/"
sed "s|@DIR@|$dir|g" "$json" > "$dir/build/compile_commands.json"
printf 'not really an object\n' > "$dir/build/obj/saxpy.o"
find "$dir/build" "$dir/src" -exec touch -d 2000-01-01 {} +
touch -d 2001-01-01 "$dir/stamp"
