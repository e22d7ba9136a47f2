; opt -load-pass-plugin= with -passes=greenc-print prints the executed view of each function.
; REQUIRES: plugin
; RUN: %opt -load-pass-plugin=%plugin -passes=greenc-print -disable-output %s 2>&1 | FileCheck %s

define void @axpy(i64 %n, float %a, ptr %x, ptr %y) {
entry:
  %guard = icmp sgt i64 %n, 0
  br i1 %guard, label %loop, label %exit

loop:
  %i = phi i64 [ 0, %entry ], [ %i.next, %loop ]
  %px = getelementptr inbounds float, ptr %x, i64 %i
  %py = getelementptr inbounds float, ptr %y, i64 %i
  %vx = load float, ptr %px, align 4
  %vy = load float, ptr %py, align 4
  %r = call float @llvm.fmuladd.f32(float %a, float %vx, float %vy)
  store float %r, ptr %py, align 4
  %i.next = add nuw nsw i64 %i, 1
  %done = icmp eq i64 %i.next, %n
  br i1 %done, label %exit, label %loop

exit:
  ret void
}

declare float @llvm.fmuladd.f32(float, float, float)

; Keys print sorted: blocks, then coverage, then loops.
; CHECK-LABEL: greenc executed view of 'axpy':
; CHECK: "op": "fma",
; CHECK-NEXT: "ty": "f32"
; CHECK: "loops": [
; CHECK: "id": 1,
; CHECK: "iv": "i",
; CHECK: "status": "exact",
; CHECK-NEXT: "trip": "n"
