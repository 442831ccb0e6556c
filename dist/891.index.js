export const id = 891;
export const ids = [891];
export const modules = {

/***/ 2891:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   taskDefinitionsAdapter: () => (/* binding */ taskDefinitionsAdapter)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(212);

/** `…:task-definition/web:42` → `web`; undefined for anything else. */
function familyOf(arn) {
    return /:task-definition\/([^:/]+):\d+$/.exec(arn)?.[1];
}
function taskDefinitionsAdapter(client) {
    return {
        async listActiveRevisions(family) {
            const arns = [];
            let nextToken;
            do {
                const page = await client.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_0__/* .ListTaskDefinitionsCommand */ .Pse({
                    familyPrefix: family,
                    status: 'ACTIVE',
                    sort: 'DESC',
                    ...(nextToken !== undefined && { nextToken })
                }));
                arns.push(...(page.taskDefinitionArns ?? []));
                nextToken = page.nextToken;
            } while (nextToken !== undefined && nextToken !== '');
            // familyPrefix is documented as the full family name; filtering again costs nothing and
            // keeps "web-api" out of "web" should ECS ever match it as a prefix.
            return arns.filter((arn) => familyOf(arn) === family);
        },
        async deregister(arn) {
            await client.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_0__/* .DeregisterTaskDefinitionCommand */ .sjB({ taskDefinition: arn }));
        }
    };
}


/***/ })

};
