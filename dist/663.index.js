export const id = 663;
export const ids = [663];
export const modules = {

/***/ 8663:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ecrAdapter: () => (/* binding */ ecrAdapter)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8249);
/* harmony import */ var _client_config_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6925);


function ecrAdapter() {
    // Images can live in other regions than the service: one client per region.
    const clients = new Map();
    const clientFor = (region) => {
        let client = clients.get(region);
        if (client === undefined) {
            client = new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__/* .ECRClient */ .S70({ region, ...(0,_client_config_js__WEBPACK_IMPORTED_MODULE_0__/* .readClientConfig */ .Kg)() });
            client.middlewareStack.use((0,_client_config_js__WEBPACK_IMPORTED_MODULE_0__/* .advicePlugin */ .gs)());
            clients.set(region, client);
        }
        return client;
    };
    return {
        async digestOf({ region, registryId, repository, tag, digest }) {
            const response = await clientFor(region).send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__/* .DescribeImagesCommand */ .ji5({
                registryId,
                repositoryName: repository,
                imageIds: [
                    {
                        ...(tag !== undefined && { imageTag: tag }),
                        ...(digest !== undefined && { imageDigest: digest })
                    }
                ]
            }));
            const found = response.imageDetails?.[0]?.imageDigest;
            if (found === undefined) {
                throw Object.assign(new Error(`ECR returned no digest for ${repository}`), {
                    name: 'ImageNotFoundException'
                });
            }
            return found;
        }
    };
}


/***/ })

};
