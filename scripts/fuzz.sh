#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/Targets (swiftc -sanitize=fuzzer,address, straight from the sources they
# exercise, without SwiftPM) and runs each for SECONDS (default 10) from its committed seed corpus in
# Fuzz/Corpus/TARGET. New inputs go to a scratch copy, so the committed corpus only changes by hand.
# A crash leaves its input in .build/fuzz/crash-TARGET-* and makes the script exit non-zero. See FUZZING.md.
#   scripts/fuzz.sh [SECONDS] [TARGET...]     e.g. scripts/fuzz.sh 60 DecimalFuzz
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-10}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(DecimalFuzz DecimalLimbsFuzz RFC3339Fuzz CSVDecoderFuzz JSONPayloadFuzz PolicyLoaderFuzz)
out="$root/.build/fuzz"
mkdir -p "$out"
src="$root/Sources"
# The reading parsers with the types they produce: one module, no Paillier, no SwiftPM.
parsing=("$src/Policy/ExactDecimal.swift" "$src/Policy/Tariff/LocalDate.swift" "$src/PrivacyRuntime/Readings/"{RejectReason,RejectedReading,SourceItem,SourcePosition,SourceRecord,ReadingValue,MeterCiphertext}.swift "$src/PrivacyRuntime/Run/JSONText.swift"
         "$src/PrivacyRuntime/Parsing/"{CSVLineSplitter,CSVRecordDecoder,ColumnNames,FlatJSONObject,FlatJSONObject+Members,JSONLRecordDecoder,RFC3339,ReadingFields,UnsafeBufferPointer+ByteSearch}.swift)
status=0
for target in "${targets[@]}"; do
  case "$target" in
    # PriceFile.swift hashes with swift-crypto, which swiftc alone cannot compile; Fuzz/Support has its stand-in.
    PolicyLoaderFuzz) mapfile -t sources < <(find "$src/Policy" -name '*.swift' ! -name PriceFile.swift | sort)
                      sources+=("$root/Fuzz/Support/PriceFileUnread.swift"); flags=(-I "$src/CYAML" -lyaml) ;;
    DecimalFuzz) sources=("$src/Policy/ExactDecimal.swift"); flags=() ;;
    DecimalLimbsFuzz) sources=("$src/Paillier/DecimalLimbs.swift"); flags=(-I "$src/CGMP" -lgmp) ;;
    RFC3339Fuzz|CSVDecoderFuzz|JSONPayloadFuzz) sources=("${parsing[@]}"); flags=() ;;
    *) echo "fuzz: unknown target '$target'" >&2; exit 2 ;;
  esac
  binary="$out/$target"
  if [ ! -x "$binary" ] || [ -n "$(find "$root/Fuzz/Targets/$target.swift" "${sources[@]}" -newer "$binary" 2>/dev/null | head -1)" ]; then
    echo "fuzz: building $target"
    swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name "${target}Module" "${flags[@]}" \
      "$root/Fuzz/Targets/$target.swift" "${sources[@]}" -o "$binary" 2> "$out/$target.build.log" \
      || { cat "$out/$target.build.log" >&2; exit 1; }
  fi
  scratch="$out/corpus-$target"
  rm -rf "$scratch"; mkdir -p "$scratch"
  cp "$root/Fuzz/Corpus/$target/"* "$scratch/"
  echo "fuzz: running $target for ${seconds}s"
  if ! "$binary" -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
       -artifact_prefix="$out/crash-$target-" -print_final_stats=1 "$scratch" > "$out/$target.log" 2>&1; then
    echo "fuzz: $target FAILED; see $out/$target.log and $out/crash-$target-*" >&2
    tail -30 "$out/$target.log" >&2
    status=1
  else
    grep -E "stat::number_of_executed_units|Done" "$out/$target.log" | tr '\n' ' ' | sed "s/^/fuzz: $target: /"; echo
  fi
done
exit $status
