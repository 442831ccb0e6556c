export const id = 198;
export const ids = [198];
export const modules = {

/***/ 198:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   readWorkflowContext: () => (/* binding */ readWorkflowContext)
/* harmony export */ });
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2413);

/**
 * Reads the run's context through @actions/github. Its context is built from the environment when
 * the package loads, and types as present what is in fact missing outside Actions (`sha` and `ref`
 * are undefined, run numbers are NaN, `repo` throws); those become absent members here.
 */
function readWorkflowContext(source = _actions_github__WEBPACK_IMPORTED_MODULE_0__/* .context */ ._) {
    return {
        repository: readRepository(source),
        sha: text(source.sha),
        ref: text(source.ref),
        serverUrl: text(source.serverUrl),
        runId: positive(source.runId),
        runAttempt: positive(source.runAttempt)
    };
}
function readRepository(source) {
    try {
        const { owner, repo } = source.repo;
        const [o, r] = [text(owner), text(repo)];
        return o === undefined || r === undefined ? undefined : `${o}/${r}`;
    }
    catch {
        // Outside Actions: neither GITHUB_REPOSITORY nor an event payload names the repository.
        return undefined;
    }
}
function text(value) {
    const trimmed = value?.trim();
    return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}
function positive(value) {
    return value !== undefined && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}


/***/ })

};
