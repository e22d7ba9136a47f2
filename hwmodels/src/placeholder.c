/* placeholder until the loader lands */
int gc_hw_placeholder_;
